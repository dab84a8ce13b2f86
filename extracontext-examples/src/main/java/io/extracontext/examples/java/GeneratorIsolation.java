package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.checkEquals;

import io.extracontext.ContextLocal;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Usage guide, "Generator Isolation": ten generator instances, interleaved, each keep their own
 * value across the yield. A Java generator is an iterator or a lazy stream; {@link
 * ExtraContext#isolate} gives each instance its own context, copied when it is created, and puts the
 * caller's context back after every step. With a plain thread-local, the ten instances would share
 * one value and the last write would win.
 */
public final class GeneratorIsolation {
    private static final ContextLocal ctx = new ContextLocal();

    // @ctx def contexted_generator(value): ctx.value = value; yield; results.append(ctx.value)
    // As a stream: element 0 runs the code before the yield, element 1 the code after it.
    static Stream<Object> contextedGenerator(int value) {
        return ExtraContext.isolate(ctx, Stream.of(0, 1).map(step -> {
            if (step == 0) {
                ctx.setAttribute("value", value);
                return "yielded";
            }
            return ctx.getAttribute("value");
        }));
    }

    public static void main(String[] args) {
        Transcript out = new Transcript();
        List<Iterator<Object>> generators = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            generators.add(contextedGenerator(i).iterator());
        }
        generators.forEach(Iterator::next);                  // every instance runs up to its yield...
        List<Object> results = new ArrayList<>();
        generators.forEach(g -> results.add(g.next()));     // ...then every instance resumes
        out.println("results = " + results);
        out.println("caller sees a value: " + ctx.hasAttribute("value"));
        checkEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), results, "each generator kept its own value");
        out.expect(List.of("results = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", "caller sees a value: false"));
    }
}
