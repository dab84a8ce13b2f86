package io.extracontext.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java way: ThreadContext with the facade, the executor and bound variables, logged by a real appender. */
@ExtendWith(ContextLeakExtension.class)
class ThreadContextFromJavaTest {
    private final ContextLocal ctx = new ContextLocal();

    @Test
    void supplyAsyncTasksSeeAndLogTheSubmittersEntriesAndLeaveNothingOnTheWorker() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "java-worker"));
        try (Capture capture = new Capture()) {
            String seen = ExtraContext.call(ExtraContext.copyContext(), () -> {
                ThreadContext.put("requestId", "r-java");
                String inTask = ExtraContext.supplyAsync(() -> {
                    capture.getLogger().info("in task");
                    ThreadContext.put("requestId", "changed-by-task");
                    return ThreadContext.get("requestId");
                }, worker).get(10, TimeUnit.SECONDS);
                assertEquals("changed-by-task", inTask);
                return ThreadContext.get("requestId");
            });
            assertEquals("r-java", seen);
            assertEquals(List.of("r-java|in task"), capture.texts());
            Map<String, String> leftOnWorker = worker.submit(ThreadContext::getContext).get(10, TimeUnit.SECONDS);
            assertTrue(leftOnWorker.isEmpty(), "left on the worker: " + leftOnWorker);
        } finally {
            worker.shutdown();
            assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void contextPreservingExecutorTasksSeeTheSubmittersEntries() throws Exception {
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(2)) {
            ExtraContext.run(ctx, () -> {
                ThreadContext.put("requestId", "r-pool");
                try {
                    assertEquals("r-pool", pool.submit(() -> ThreadContext.get("requestId")).get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertNull(ThreadContext.get("requestId"));
    }

    @Test
    void runKeepsItsPutsToItselfAndClearMapClearsOnlyTheCurrentContext() throws Exception {
        ExtraContext.run(ctx, () -> {
            ThreadContext.put("requestId", "outer");
            ExtraContext.run(ctx, () -> {
                ThreadContext.clearMap();
                assertTrue(ThreadContext.isEmpty());
                ThreadContext.put("requestId", "inner");
            });
            assertEquals("outer", ThreadContext.get("requestId"));
        });
    }

    @Test
    void aVariableBoundFromJavaShowsOnEveryLine() throws Exception {
        ContextVar<String> tenant = new ContextVar<>("java-tenant");
        ContextThreadContext.bind("tenant", tenant);
        try (Capture capture = new Capture("%X{tenant}|%m")) {
            try (Token<String> t = tenant.set("acme")) {
                capture.getLogger().info("bound");
                assertEquals("acme", ThreadContext.get("tenant"));
            }
            capture.getLogger().info("reset");
            assertEquals(List.of("acme|bound", "|reset"), capture.texts());
        } finally {
            ContextThreadContext.unbind("tenant");
        }
        assertFalse(ThreadContext.containsKey("tenant"));
    }
}
