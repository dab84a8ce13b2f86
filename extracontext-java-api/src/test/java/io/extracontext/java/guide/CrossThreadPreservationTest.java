package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Usage guide, "Cross-Thread Context Preservation": ten tasks, each with its own value, hand work to
 * a {@link ContextPreservingExecutor}; each pool call sees the value of the task that submitted it.
 */
@ExtendWith(ContextLeakExtension.class)
class CrossThreadPreservationTest {
    private final ContextLocal ctx = new ContextLocal();

    @Test
    void eachPoolCallSeesTheContextOfItsOriginatingTask() throws Exception {
        List<Object> printed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allSubmitted = new CountDownLatch(10);
        try (ContextPreservingExecutor executor = new ContextPreservingExecutor(10)) {
            List<Future<Object>> calls = new ArrayList<>();
            for (int value = 0; value < 10; value++) {
                int v = value;
                // async_task(executor, value): set in the task's own isolated context, then hand work to the pool
                ExtraContext.run(ctx, () -> {
                    ctx.setAttribute("value", v);
                    calls.add(executor.submit(() -> {     // sync_part()
                        allSubmitted.countDown();
                        if (!allSubmitted.await(10, TimeUnit.SECONDS)) {   // instead of time.sleep(random()): all ten overlap
                            throw new IllegalStateException("the ten calls did not all start");
                        }
                        printed.add(ctx.getAttribute("value"));
                        return ctx.getAttribute("value");
                    }));
                });
            }
            for (int i = 0; i < 10; i++) {
                assertEquals(i, calls.get(i).get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toSet()), java.util.Set.copyOf(printed));
        assertFalse(ctx.hasAttribute("value"));
    }

    @Test
    void whatAPoolCallWritesStaysInThatCall() throws Exception {
        try (ContextPreservingExecutor executor = new ContextPreservingExecutor(1)) {
            ExtraContext.run(ctx, () -> {
                ctx.setAttribute("value", "submitter");
                try {
                    executor.submit(() -> ctx.setAttribute("value", "task")).get();
                    assertEquals("submitter", executor.submit(() -> ctx.getAttribute("value")).get(),
                            "the next task on the same worker starts from its own submitter's context");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertEquals("submitter", ctx.getAttribute("value"));
            });
        }
    }

}
