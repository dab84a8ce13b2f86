package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code supplyAsync}: the task and every dependent stage see the context of the code that
 * registered them, on whatever thread they run. The pools here are plain JDK pools, so nothing but
 * the facade carries the context.
 */
@ExtendWith(ContextLeakExtension.class)
class SupplyAsyncTest {
    private final ContextVar<String> requestId = new ContextVar<>("request_id", "none");
    private ExecutorService poolA;
    private ExecutorService poolB;

    private static ExecutorService pool(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @BeforeEach
    void startPools() {
        poolA = pool("pool-a");
        poolB = pool("pool-b");
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        poolA.shutdown();
        poolB.shutdown();
        assertTrue(poolA.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(poolB.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void theTaskSeesTheCallersValuesAndItsWritesStayInside() {
        try (Token<String> t = requestId.set("r-1")) {
            String seen = ExtraContext.supplyAsync(() -> {
                String before = requestId.get();
                requestId.set("written by the task");
                return before + "@" + Thread.currentThread().getName();
            }, poolA).join();
            assertTrue(seen.startsWith("r-1@pool-a-"), seen);
            assertEquals("r-1", requestId.get());
        }
        assertPoolThreadsAreClean(poolA);
    }

    @Test
    void theCopyIsTakenWhenSupplyAsyncIsCalled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> future;
        try (Token<String> t = requestId.set("at call")) {
            future = ExtraContext.supplyAsync(() -> {
                await(release);
                return requestId.get();
            }, poolA);
            requestId.set("changed after the call");
        }
        release.countDown();
        assertEquals("at call", future.get(10, TimeUnit.SECONDS));
    }

    @Test
    void dependentStagesRunningOnOtherThreadsSeeTheCallersContext() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        Map<String, String> seen = new ConcurrentHashMap<>();
        CompletableFuture<String> chain;
        try (Token<String> t = requestId.set("r-1")) {
            chain = ExtraContext.supplyAsync(() -> {
                        await(registered); // complete only after every stage is registered: they run on pool threads
                        return record(seen, "task");
                    }, poolA)
                    .thenApply(x -> record(seen, "thenApply"))
                    .thenApplyAsync(x -> record(seen, "thenApplyAsync(poolB)"), poolB)
                    .thenCompose(x -> CompletableFuture.completedFuture(record(seen, "thenCompose")))
                    .thenApplyAsync(x -> record(seen, "thenApplyAsync(default)"))
                    .handleAsync((x, e) -> record(seen, "handleAsync(poolB)"), poolB);
        }
        registered.countDown();
        chain.get(10, TimeUnit.SECONDS);
        assertEquals(6, seen.size(), seen.toString());
        seen.forEach((stage, what) -> {
            assertTrue(what.startsWith("r-1@pool-"), stage + " saw " + what);
            assertFalse(what.endsWith("@" + Thread.currentThread().getName()), stage + " ran on the test thread");
        });
        assertTrue(seen.get("thenApplyAsync(poolB)").contains("@pool-b-"));
        assertTrue(seen.get("thenApplyAsync(default)").contains("@pool-a-"), "async stages default to the given executor");
        assertPoolThreadsAreClean(poolA);
        assertPoolThreadsAreClean(poolB);
    }

    @Test
    void everyKindOfStageSeesTheContextOfTheCodeThatRegisteredIt() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        Map<String, String> seen = new ConcurrentHashMap<>();
        CompletableFuture<String> other = CompletableFuture.completedFuture("other");
        CompletableFuture<?>[] stages;
        try (Token<String> t = requestId.set("r-2")) {
            CompletableFuture<String> f = ExtraContext.supplyAsync(() -> {
                await(registered);
                return "value";
            }, poolA);
            stages = new CompletableFuture<?>[] {
                f.thenAcceptAsync(x -> record(seen, "thenAccept"), poolB),
                f.thenRunAsync(() -> record(seen, "thenRun"), poolB),
                f.thenCombineAsync(other, (x, y) -> record(seen, "thenCombine"), poolB),
                f.thenAcceptBothAsync(other, (x, y) -> record(seen, "thenAcceptBoth"), poolB),
                f.runAfterBothAsync(other, () -> record(seen, "runAfterBoth"), poolB),
                f.applyToEitherAsync(new CompletableFuture<>(), x -> record(seen, "applyToEither"), poolB),
                f.acceptEitherAsync(new CompletableFuture<>(), x -> record(seen, "acceptEither"), poolB),
                f.runAfterEitherAsync(new CompletableFuture<>(), () -> record(seen, "runAfterEither"), poolB),
                f.whenCompleteAsync((x, e) -> record(seen, "whenComplete"), poolB),
                f.thenComposeAsync(x -> CompletableFuture.completedFuture(record(seen, "thenComposeAsync")), poolB),
                f.thenApply(x -> {
                    throw new IllegalStateException("to reach exceptionally");
                }).exceptionallyAsync(e -> record(seen, "exceptionallyAsync"), poolB),
                f.thenApply(x -> {
                    throw new IllegalStateException("to reach exceptionallyCompose");
                }).exceptionallyComposeAsync(e -> CompletableFuture.completedFuture(record(seen, "exceptionallyComposeAsync")), poolB),
            };
        }
        registered.countDown();
        CompletableFuture.allOf(stages).get(10, TimeUnit.SECONDS);
        assertEquals(12, seen.size(), seen.toString());
        seen.forEach((stage, what) -> assertTrue(what.startsWith("r-2@pool-b-"), stage + " saw " + what));
    }

    @Test
    void aStageRegisteredLaterInAnotherContextSeesThatContextNotTheOriginalCallers() throws Exception {
        CompletableFuture<String> shared;
        try (Token<String> t = requestId.set("request-1")) {
            shared = ExtraContext.supplyAsync(() -> "cached", poolA);
            shared.get(10, TimeUnit.SECONDS);
        }
        try (Token<String> t = requestId.set("request-2")) {
            // A cached future reused by a later request: its stages must log request-2, never request-1.
            assertEquals("request-2", shared.thenApplyAsync(x -> requestId.get(), poolB).get(10, TimeUnit.SECONDS));
            assertEquals("request-2", shared.thenApply(x -> requestId.get()).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aStageWritesNothingIntoTheNextStageNorIntoTheRegisteringThread() throws Exception {
        try (Token<String> t = requestId.set("r-3")) {
            CompletableFuture<String> done = ExtraContext.supplyAsync(() -> "x", poolA);
            done.get(10, TimeUnit.SECONDS);
            // Already complete: the stage runs right here, on the test thread, in a copy.
            String result = done.thenApply(x -> {
                requestId.set("stage write");
                return x;
            }).thenApply(x -> requestId.get()).get();
            assertEquals("r-3", result);
            assertEquals("r-3", requestId.get());
        }
    }

    @Test
    void aFailingTaskCompletesExceptionallyAndRecoveryStagesSeeTheCallersContext() {
        IllegalArgumentException failure = new IllegalArgumentException("no such user");
        try (Token<String> t = requestId.set("r-4")) {
            CompletableFuture<String> failed = ExtraContext.supplyAsync(() -> {
                throw failure;
            }, poolA);
            CompletionException thrown = assertThrows(CompletionException.class, failed::join);
            assertSame(failure, thrown.getCause());
            String recovered = failed.exceptionally(e -> requestId.get() + ":" + e.getCause().getMessage()).join();
            assertEquals("r-4:no such user", recovered);
            assertEquals("r-4", failed.handleAsync((x, e) -> requestId.get(), poolB).join());
        }
    }

    @Test
    void dependentFuturesKeepTheRuleDownTheChain() {
        CompletableFuture<String> f = ExtraContext.supplyAsync(() -> "x", poolA);
        CompletableFuture<String> next = f.thenApply(Function.identity());
        assertInstanceOf(ContextFuture.class, next);
        assertInstanceOf(ContextFuture.class, next.thenCompose(CompletableFuture::completedFuture));
        assertInstanceOf(ContextFuture.class, next.toCompletableFuture());
        next.join();
    }

    @Test
    void worksWithAContextPreservingExecutorToo() throws Exception {
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(2); Token<String> t = requestId.set("r-5")) {
            assertEquals("r-5", ExtraContext.supplyAsync(requestId::get, pool)
                    .thenApplyAsync(x -> x + "/" + requestId.get(), pool).get(10, TimeUnit.SECONDS).split("/")[1]);
        }
    }

    @Test
    void tasksStartedFromDifferentRequestsDoNotMix() throws Exception {
        List<CompletableFuture<String>> futures = new java.util.ArrayList<>();
        CountDownLatch allSubmitted = new CountDownLatch(1);
        for (int i = 0; i < 20; i++) {
            try (Token<String> t = requestId.set("req-" + i)) {
                futures.add(ExtraContext.supplyAsync(() -> {
                    await(allSubmitted);
                    return requestId.get();
                }, poolA).thenApplyAsync(x -> x + "|" + requestId.get(), poolB));
            }
        }
        allSubmitted.countDown();
        for (int i = 0; i < 20; i++) {
            assertEquals("req-" + i + "|req-" + i, futures.get(i).get(10, TimeUnit.SECONDS));
        }
        assertNotEquals("req-19", requestId.get());
    }

    private String record(Map<String, String> seen, String stage) {
        String what = requestId.get() + "@" + Thread.currentThread().getName();
        seen.put(stage, what);
        return what;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the test to release the task");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Nothing of a task or stage stays on a pooled thread: both workers see the default again. */
    private void assertPoolThreadsAreClean(ExecutorService pool) {
        CountDownLatch both = new CountDownLatch(2);
        List<CompletableFuture<String>> checks = List.of(
                CompletableFuture.supplyAsync(() -> {
                    both.countDown();
                    await(both);
                    return requestId.get();
                }, pool),
                CompletableFuture.supplyAsync(() -> {
                    both.countDown();
                    await(both);
                    return requestId.get();
                }, pool));
        checks.forEach(c -> assertEquals("none", c.join()));
    }
}
