package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.check;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Usage guide, "Cross-Thread Context Preservation": ten tasks each set their own value and hand a
 * blocking call to a thread pool. A plain pool runs the call on a worker thread that knows nothing
 * of the task; {@link ContextPreservingExecutor} captures the submitter's context at submission and
 * runs the call in a copy of it, then leaves the worker as it found it.
 */
public final class CrossThreadPreservation {
    private static final ContextLocal ctx = new ContextLocal();

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        CountDownLatch allRunning = new CountDownLatch(10);
        try (ContextPreservingExecutor executor = new ContextPreservingExecutor(10)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int value = 0; value < 10; value++) {
                int v = value;
                // async_task(executor, value): each task sets its value in its own isolated context...
                ExtraContext.run(ctx, () -> {
                    ctx.setAttribute("value", v);
                    // ...and runs sync_part() on the pool: the call sees the task's value.
                    calls.add(executor.submit(() -> {
                        allRunning.countDown();
                        // Instead of time.sleep(random()): all ten calls are on the pool at once.
                        check(await(allRunning), "all ten calls ran concurrently");
                        out.println("sync_part on a worker sees " + ctx.getAttribute("value"));
                        check(ctx.getAttribute("value").equals(v), "the call sees its own task's value");
                    }));
                });
            }
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        }
        out.expectInAnyOrder(IntStream.range(0, 10).mapToObj(i -> "sync_part on a worker sees " + i).collect(Collectors.toList()));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
