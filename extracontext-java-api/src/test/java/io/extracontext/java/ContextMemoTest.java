package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextMemo;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-context memoization written the Java way: a constructor, {@code apply}, {@code withCache} with lambdas. */
@ExtendWith(ContextLeakExtension.class)
class ContextMemoTest {
    private final AtomicInteger computations = new AtomicInteger();
    private final ContextMemo<Integer, Integer> square = new ContextMemo<>("square", x -> {
        computations.incrementAndGet();
        return x * x;
    });

    @Test
    void withCacheScopesResultsToOneRequestAndItsPoolTasks() throws Exception {
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(2)) {
            int total = square.withCache(() -> square.apply(3) + pool.submit(() -> square.apply(3)).get());
            assertEquals(18, total);
            assertEquals(1, computations.get(), "the pool task shared the request's cache");
            square.withCache(() -> square.apply(3));
            assertEquals(2, computations.get(), "a second request computes its own");
        }
        assertFalse(square.isCached(3), "nothing stays in the caller's context");
    }

    @Test
    void aMemoIsAFunctionForStreams() {
        Function<Integer, Integer> f = square;
        square.withCache(() -> {
            assertEquals(List.of(1, 4, 1, 4), Stream.of(1, 2, 1, 2).map(f).toList());
            assertTrue(square.isCached(2));
        });
        assertEquals(2, computations.get());
    }

    @Test
    void withCacheRethrowsTheTasksCheckedException() {
        IOException thrown = assertThrows(IOException.class, () -> square.withCache(() -> {
            square.apply(1);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", thrown.getMessage());
    }

    @Test
    void theFirstCallInAContextCreatesItsCacheThereAndAnIsolatedBlockStartedLaterSharesIt() {
        ContextLocal ns = new ContextLocal();
        ExtraContext.run(new Context(), () -> {
            square.apply(5);
            ExtraContext.run(ns, () -> square.apply(5));
        });
        assertEquals(1, computations.get());
    }
}
