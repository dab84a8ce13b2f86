package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.spi.LeakProbe;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The facade's futures run their stages the way a {@code ContextPreservingExecutor} runs a task, so
 * the test kit's worker check sees a pool thread that holds a context of its own.
 */
@ExtendWith(ContextLeakExtension.class)
class SnapshotPathTest {
    private final ContextVar<String> tenant = new ContextVar<>("tenant");

    @Test
    void aStageStartingOnADirtyWorkerIsReportedByTheWorkerCheckAndStillSeesTheCallersContext() throws Exception {
        ExecutorService raw = Executors.newSingleThreadExecutor(r -> new Thread(r, "dirty-stage-worker"));
        LeakProbe.watchWorkers(true);
        LeakProbe.drainWorkerLeaks();
        try {
            Token<String> token = raw.submit(() -> tenant.set("acme")).get(10, TimeUnit.SECONDS);
            String seen = ExtraContext.supplyAsync(() -> String.valueOf(tenant.getOrNull()), raw)
                    .thenApplyAsync(s -> s + "/" + tenant.getOrNull(), raw)
                    .get(10, TimeUnit.SECONDS);
            assertEquals("null/null", seen);
            assertEquals(
                    List.of("worker 'dirty-stage-worker' holds, between tasks: ContextVar 'tenant' = acme (was not set)"),
                    LeakProbe.drainWorkerLeaks());
            raw.submit(() -> tenant.reset(token)).get(10, TimeUnit.SECONDS);
            ExtraContext.supplyAsync(() -> "clean", raw).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), LeakProbe.drainWorkerLeaks());
        } finally {
            raw.shutdown();
            raw.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
