package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Backend;
import io.extracontext.ContextLocal;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code isolate} over iterators, iterables and streams: Python's generator isolation, in Java. */
@ExtendWith(ContextLeakExtension.class)
class IsolateTest {
    private final ContextLocal ctx = new ContextLocal();
    private final ContextVar<String> marker = new ContextVar<>("marker", "none");

    /** A generator in the style of the usage guide: sets a value, yields, then reports what it sees. */
    private Iterator<Object> generator(int value) {
        return new Iterator<>() {
            int step;

            @Override
            public boolean hasNext() {
                return step < 2;
            }

            @Override
            public Object next() {
                step++;
                if (step == 1) {
                    ctx.setAttribute("value", value);
                    return "set";
                }
                return ctx.getAttribute("value");
            }
        };
    }

    @Test
    void interleavedIteratorsKeepTheirOwnValuesAndTheCallerKeepsItsOwn() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", "caller");
            List<Iterator<Object>> generators = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                generators.add(ExtraContext.isolate(ctx, generator(i)));
            }
            generators.forEach(Iterator::next);
            assertEquals("caller", ctx.getAttribute("value"), "the caller's value is back after every step");
            List<Object> results = new ArrayList<>();
            generators.forEach(g -> results.add(g.next()));
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), results);
            assertEquals("caller", ctx.getAttribute("value"));
        });
    }

    @Test
    void anIteratorTakesItsCopyWhenIsolateIsCalled() {
        ExtraContext.run(ctx, () -> {
            marker.set("at isolate");
            Iterator<String> it = ExtraContext.isolate(ctx, List.of("x").iterator());
            Iterator<String> reader = ExtraContext.isolate(ctx, new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public String next() {
                    return marker.get();
                }
            });
            marker.set("later");
            assertEquals("x", it.next());
            assertEquals("at isolate", reader.next());
        });
    }

    @Test
    void aScopeEnteredInsideAStepStaysOpenAcrossStepsAndClosesLater() {
        Iterator<String> it = ExtraContext.isolate(ctx, new Iterator<>() {
            int step;
            Scope scope;

            @Override
            public boolean hasNext() {
                return step < 3;
            }

            @Override
            public String next() {
                step++;
                switch (step) {
                    case 1:
                        ctx.setAttribute("v", "outer");
                        scope = ctx.enter();
                        ctx.setAttribute("v", "scoped");
                        return (String) ctx.getAttribute("v");
                    case 2:
                        String seen = (String) ctx.getAttribute("v");
                        scope.close();
                        return seen;
                    default:
                        return (String) ctx.getAttribute("v");
                }
            }
        });
        List<String> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);
        assertEquals(List.of("scoped", "scoped", "outer"), seen);
        assertFalse(ctx.hasAttribute("v"));
    }

    @Test
    void eachIteratorOfAnIsolatedIterableIsItsOwnInstanceCopiedAtIteratorCall() {
        AtomicInteger opened = new AtomicInteger();
        Iterable<Integer> numbers = ExtraContext.isolate(ctx, () -> {
            // Runs inside the iterator's own copy: what it writes stays there.
            int n = opened.incrementAndGet();
            ctx.setAttribute("opened", n);
            return List.of(n, n * 10).iterator();
        });
        assertEquals(0, opened.get(), "isolate(iterable) opens nothing by itself");
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("marker", "first");
            Iterator<Integer> a = numbers.iterator();
            ctx.setAttribute("marker", "second");
            Iterator<Integer> b = numbers.iterator();
            assertEquals(1, a.next());
            assertEquals(2, b.next());
            assertFalse(ctx.hasAttribute("opened"));
            List<Integer> all = new ArrayList<>();
            for (Integer n : numbers) {
                all.add(n);
            }
            assertEquals(List.of(3, 30), all);
        });
    }

    @Test
    void anIsolatedStreamRunsNothingBeforeItsTerminalOperation() {
        AtomicInteger produced = new AtomicInteger();
        Stream<Integer> stream = ExtraContext.isolate(ctx, Stream.of(1, 2, 3).peek(x -> produced.incrementAndGet()));
        Stream<Integer> mapped = stream.map(x -> x * 2);
        assertEquals(0, produced.get());
        assertEquals(List.of(2, 4, 6), mapped.collect(Collectors.toList()));
        assertEquals(3, produced.get());
    }

    @Test
    void theSourceStagesRunInTheStreamsContextAndTheCallersStagesInTheCallers() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("who", "caller");
            Stream<String> source = Stream.of("a", "b", "c").map(s -> {
                String before = (String) ctx.getAttribute("who");
                ctx.setAttribute("who", "stream:" + s);
                return s + "<" + before;
            });
            List<String> downstream = new ArrayList<>();
            List<String> seen = ExtraContext.isolate(ctx, source)
                    .peek(s -> downstream.add((String) ctx.getAttribute("who")))
                    .collect(Collectors.toList());
            // The stream's writes are seen by its own later elements...
            assertEquals(List.of("a<caller", "b<stream:a", "c<stream:b"), seen);
            // ...never by the caller's stages, nor by the caller afterwards.
            assertEquals(List.of("caller", "caller", "caller"), downstream);
            assertEquals("caller", ctx.getAttribute("who"));
        });
    }

    @Test
    void theStreamsCopyIsTakenWhenIsolateIsCalled() {
        ExtraContext.run(ctx, () -> {
            marker.set("at isolate");
            Stream<String> stream = ExtraContext.isolate(ctx, Stream.of(1).map(x -> marker.get()));
            marker.set("at terminal operation");
            assertEquals(List.of("at isolate"), stream.collect(Collectors.toList()));
        });
    }

    @Test
    void twoStreamsConsumedInterleavedNeverSeeEachOthersWrites() {
        List<Iterator<Object>> iterators = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int value = i;
            Stream<Object> s = Stream.of("set", "read").map(step -> {
                if (step.equals("set")) {
                    ctx.setAttribute("value", value);
                    return step;
                }
                return ctx.getAttribute("value");
            });
            iterators.add(ExtraContext.isolate(ctx, s).iterator());
        }
        iterators.forEach(Iterator::next);
        List<Object> results = new ArrayList<>();
        iterators.forEach(it -> results.add(it.next()));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), results);
        assertFalse(ctx.hasAttribute("value"));
    }

    @Test
    void theSourcesOnCloseHandlersRunInTheStreamsContextWhenTheResultIsClosed() {
        List<String> log = new ArrayList<>();
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("who", "caller");
            Stream<Integer> source = Stream.of(1, 2)
                    .peek(x -> ctx.setAttribute("who", "stream-" + x))
                    .onClose(() -> {
                        log.add("source closed in " + ctx.getAttribute("who"));
                        ctx.setAttribute("who", "written by onClose");
                    });
            try (Stream<Integer> isolated = ExtraContext.isolate(ctx, source)
                    .onClose(() -> log.add("own handler in " + ctx.getAttribute("who")))) {
                assertEquals(3, isolated.mapToInt(Integer::intValue).sum());
            }
            assertEquals(List.of("source closed in stream-2", "own handler in caller"), log);
            assertEquals("caller", ctx.getAttribute("who"));
        });
    }

    @Test
    void closingAnUnconsumedIsolatedStreamStillRunsTheSourceHandlersIsolated() {
        List<Object> log = new ArrayList<>();
        ExtraContext.run(ctx, () -> {
            marker.set("caller");
            Stream<Integer> source = Stream.of(1).onClose(() -> {
                log.add(marker.get());
                marker.set("closed");
            });
            Stream<Integer> isolated = ExtraContext.isolate(ctx, source);
            marker.set("after isolate");
            isolated.close();
            assertEquals(List.of("caller"), log);
            assertEquals("after isolate", marker.get());
        });
    }

    @Test
    void anExceptionInTheSourceReachesTheCallerWithItsContextRestored() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("who", "caller");
            Stream<Integer> failing = ExtraContext.isolate(ctx, Stream.of(1, 2).map(x -> {
                ctx.setAttribute("who", "stream");
                if (x == 2) {
                    throw new IllegalArgumentException("bad element " + x);
                }
                return x;
            }));
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> failing.forEach(x -> {}));
            assertEquals("bad element 2", thrown.getMessage());
            assertEquals("caller", ctx.getAttribute("who"));
        });
    }

    @Test
    void shortCircuitingOperationsStopPullingFromTheSource() {
        AtomicInteger pulled = new AtomicInteger();
        Stream<Integer> infinite = Stream.iterate(0, x -> x + 1).peek(x -> pulled.incrementAndGet());
        assertEquals(List.of(0, 1, 2), ExtraContext.isolate(ctx, infinite).limit(3).collect(Collectors.toList()));
        assertTrue(pulled.get() <= 4, "pulled " + pulled.get());
        assertEquals(5, ExtraContext.isolate(ctx, Stream.iterate(0, x -> x + 1)).filter(x -> x > 4).findFirst().orElseThrow());
    }

    @Test
    void aConsumedIsolatedStreamCannotBeReused() {
        Stream<Integer> s = ExtraContext.isolate(ctx, Stream.of(1));
        s.forEach(x -> {});
        assertThrows(IllegalStateException.class, () -> s.forEach(x -> {}));
    }

    @Test
    void aParallelIsolatedStreamGivesEverySplitItsOwnCopyOfTheStreamsContext() {
        ExtraContext.run(ctx, () -> {
            marker.set("caller");
            Set<String> seenBySource = ConcurrentHashMap.newKeySet();
            List<String> leaks = Collections.synchronizedList(new ArrayList<>());
            Stream<Integer> source = IntStream.range(0, 10_000).boxed().parallel().map(x -> {
                String seen = marker.get();
                seenBySource.add(seen);
                // A split runs on one thread at a time: a value written on another thread is a leak between splits.
                if (!seen.equals("caller") && !seen.equals("split@" + Thread.currentThread().getName())) {
                    leaks.add(seen + " seen on " + Thread.currentThread().getName());
                }
                marker.set("split@" + Thread.currentThread().getName());
                return x;
            });
            Stream<Integer> isolated = ExtraContext.isolate(ctx, source);
            assertTrue(isolated.isParallel());
            List<Integer> result = isolated.map(x -> {
                // Downstream stages run on pool workers in their own contexts; never in a split's.
                if (marker.get().startsWith("split@")) {
                    leaks.add("downstream saw " + marker.get());
                }
                return x;
            }).collect(Collectors.toList());
            assertEquals(IntStream.range(0, 10_000).boxed().collect(Collectors.toList()), result, "order is kept");
            assertTrue(seenBySource.contains("caller"));
            assertEquals(List.of(), leaks);
            assertEquals("caller", marker.get());
        });
    }

    @Test
    void aPureBackendStreamIsolatesOnlyItsOwnNamespace() {
        ContextLocal pure = new ContextLocal(Backend.PURE);
        pure.setAttribute("v", "outer");
        try {
            List<Object> seen = ExtraContext.isolate(pure, Stream.of(1, 2).map(x -> {
                Object before = pure.getAttribute("v");
                pure.setAttribute("v", "inner-" + x);
                return before;
            })).collect(Collectors.toList());
            assertEquals(List.of("outer", "inner-1"), seen);
            assertEquals("outer", pure.getAttribute("v"));
        } finally {
            pure.deleteAttribute("v");
        }
    }

    @Test
    void anIsolatedIteratorDoesNotSupportRemove() {
        Iterator<Integer> it = ExtraContext.isolate(ctx, new ArrayList<>(List.of(1)).iterator());
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
    }

    @Test
    void emptySourcesWork() {
        assertFalse(ExtraContext.isolate(ctx, Collections.emptyIterator()).hasNext());
        assertFalse(ExtraContext.isolate(ctx, List.of()).iterator().hasNext());
        assertEquals(0, ExtraContext.isolate(ctx, Stream.empty()).count());
        Exception e = assertThrows(java.util.NoSuchElementException.class,
                () -> ExtraContext.isolate(ctx, Collections.emptyIterator()).next());
        assertSame(java.util.NoSuchElementException.class, e.getClass());
    }
}
