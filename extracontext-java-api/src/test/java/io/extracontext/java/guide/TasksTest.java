package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Usage guide, "Asyncio Support": ten tasks each set a value, all wait at the same point (the
 * {@code await asyncio.sleep(0)}), and each still sees its own value afterwards.
 */
@ExtendWith(ContextLeakExtension.class)
class TasksTest {
    private final ContextLocal ctx = new ContextLocal();

    @Test
    void tenConcurrentTasksEachSeeTheirOwnValueAfterTheOthersHaveWritten() throws Exception {
        CyclicBarrier sleep0 = new CyclicBarrier(10);   // every task has written before any task reads
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int value = i;
                tasks.add(ExtraContext.supplyAsync(() -> {
                    ctx.setAttribute("value", value);
                    try {
                        sleep0.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return (Integer) ctx.getAttribute("value");   // other tasks don't interfere
                }, pool));
            }
            List<Integer> seen = CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new))
                    .thenApply(x -> tasks.stream().map(CompletableFuture::join).collect(Collectors.toList()))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), seen);
            assertFalse(ctx.hasAttribute("value"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tasksSharingOnePooledThreadStillDoNotSeeEachOther() throws Exception {
        // Two workers for ten tasks: every worker runs several tasks in turn; nothing carries over.
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(2)) {
            List<CompletableFuture<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int value = i;
                tasks.add(ExtraContext.supplyAsync(() -> {
                    boolean clean = !ctx.hasAttribute("value");
                    ctx.setAttribute("value", value);
                    return clean && ctx.getAttribute("value").equals(value);
                }, pool));
            }
            for (CompletableFuture<Boolean> t : tasks) {
                assertEquals(true, t.get(10, TimeUnit.SECONDS));
            }
        }
    }
}
