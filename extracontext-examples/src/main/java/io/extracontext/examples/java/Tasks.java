package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.check;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Usage guide, "Asyncio Support": ten concurrent tasks each set {@code value}, all pause at the same
 * point (the {@code await asyncio.sleep(0)}; here a barrier, so every task has written before any
 * reads), and each still sees its own value. In Java a task is a {@link CompletableFuture} started
 * with {@link ExtraContext#supplyAsync}; each runs in its own copy of the context.
 */
public final class Tasks {
    private static final ContextLocal ctx = new ContextLocal();

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        CyclicBarrier sleep0 = new CyclicBarrier(10);
        try (ContextPreservingExecutor loop = new ContextPreservingExecutor(10)) {
            List<CompletableFuture<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int value = i;
                tasks.add(ExtraContext.supplyAsync(() -> {           // async def task(value)
                    ctx.setAttribute("value", value);
                    awaitAll(sleep0);                                 // await asyncio.sleep(0)
                    check(ctx.getAttribute("value").equals(value), "other tasks don't interfere");
                    return "task " + value + " sees " + ctx.getAttribute("value");
                }, loop));
            }
            for (CompletableFuture<String> t : tasks) {              // await asyncio.gather(...)
                out.println(t.get(10, TimeUnit.SECONDS));
            }
        }
        out.expect(IntStream.range(0, 10).mapToObj(i -> "task " + i + " sees " + i).collect(Collectors.toList()));
    }

    private static void awaitAll(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the ten tasks did not all reach the pause", e);
        }
    }
}
