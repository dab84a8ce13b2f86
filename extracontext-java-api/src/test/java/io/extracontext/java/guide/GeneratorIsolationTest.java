package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.extracontext.ContextLocal;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Usage guide, "Generator Isolation": ten interleaved generator instances each keep their own
 * value across the yield. Java has no generators: an iterator is one, written as a state machine.
 */
@ExtendWith(ContextLeakExtension.class)
class GeneratorIsolationTest {
    private final ContextLocal ctx = new ContextLocal();
    private final List<Object> results = new ArrayList<>();

    /**
     * {@code @ctx def contexted_generator(value): ctx.value = value; yield; results.append(ctx.value)}:
     * the first next() runs up to the yield, the second runs the rest and ends the generator.
     */
    private Iterator<Object> contextedGenerator(int value) {
        return ExtraContext.isolate(ctx, new Iterator<>() {
            int state;

            @Override
            public boolean hasNext() {
                if (state == 1) {                // resume after the yield: the code before StopIteration
                    results.add(ctx.getAttribute("value"));
                    state = 2;
                }
                return state == 0;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ctx.setAttribute("value", value);
                state = 1;
                return "yielded";
            }
        });
    }

    @Test
    void tenInterleavedGeneratorsEachKeepTheirOwnValue() {
        List<Iterator<Object>> generators = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            generators.add(contextedGenerator(i));
        }
        generators.forEach(Iterator::next);              // any(next(gen) for gen in generators)
        generators.forEach(Iterator::hasNext);           // any(next(gen, None) for gen in generators)
        assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), results);
        assertFalse(ctx.hasAttribute("value"), "the caller never sees a generator's value");
    }

    @Test
    void tenInterleavedStreamsEachKeepTheirOwnValue() {
        List<Iterator<Object>> streams = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int value = i;
            Stream<Object> body = Stream.of(0, 1).map(step -> {
                if (step == 0) {
                    ctx.setAttribute("value", value);
                    return "yielded";
                }
                return ctx.getAttribute("value");
            });
            streams.add(ExtraContext.isolate(ctx, body).iterator());
        }
        streams.forEach(Iterator::next);
        List<Object> seen = streams.stream().map(Iterator::next).collect(Collectors.toList());
        assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), seen);
    }

    @Test
    void aGeneratorFunctionIsolatesEveryInstanceItReturns() {
        // The decorated generator *function*: each call (here, each iterator()) is a new instance.
        Iterable<Integer> counter = ExtraContext.isolate(ctx, () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return (int) ctx.getAttribute("n", 0) < 3;
            }

            @Override
            public Integer next() {
                int n = (int) ctx.getAttribute("n", 0) + 1;
                ctx.setAttribute("n", n);
                return n;
            }
        });
        Iterator<Integer> a = counter.iterator();
        Iterator<Integer> b = counter.iterator();
        assertEquals(1, a.next());
        assertEquals(2, a.next());
        assertEquals(1, b.next(), "b does not see a's counter");
        assertEquals(3, a.next());
        assertFalse(a.hasNext());
        assertFalse(ctx.hasAttribute("n"));
    }
}
