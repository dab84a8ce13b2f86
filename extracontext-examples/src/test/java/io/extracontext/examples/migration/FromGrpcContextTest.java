package io.extracontext.examples.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import io.grpc.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's migration from gRPC (and OpenTelemetry) {@code Context} keys: the "before" code
 * compiled against grpc-api, and the "after" code.
 */
@ExtendWith(ContextLeakExtension.class)
class FromGrpcContextTest {
    static final Context.Key<String> REQUEST_ID = Context.key("request_id");
    static final ContextVar<String> requestId = new ContextVar<>("request_id");

    @Test
    void aGrpcKeyIsReadInsideTheContextThatHoldsIt() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(1);
        Executor pool = Context.currentContextExecutor(threads);           // carries the caller's Context
        try {
            String seen = Context.current().withValue(REQUEST_ID, "r-1").call(() ->
                    CompletableFuture.supplyAsync(() -> REQUEST_ID.get(), pool).get(10, TimeUnit.SECONDS));   // r-1
            assertEquals("r-1", seen);
        } finally {
            threads.shutdownNow();
        }
    }

    /** attach() without its detach() in a task of a plain pool: the next task on that thread still sees it. */
    @Test
    void aGrpcContextAttachedAndNotDetachedInAPoolTaskStaysOnTheWorker() throws Exception {
        ExecutorService plain = Executors.newFixedThreadPool(1);
        try {
            plain.submit(() -> Context.current().withValue(REQUEST_ID, "r-1").attach()).get(10, TimeUnit.SECONDS);   // no detach()
            assertEquals("r-1", plain.submit(() -> REQUEST_ID.get()).get(10, TimeUnit.SECONDS));   // the next task sees r-1
        } finally {
            plain.shutdownNow();
        }
    }

    @Test
    void aContextVarIsReadInsideTheBlockThatSetItAndAForgottenResetStaysInTheTasksCopy() throws Exception {
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(1)) {
            String seen = ExtraContext.callWithValue(requestId, "r-1", () ->
                    pool.submit(() -> requestId.get()).get(10, TimeUnit.SECONDS));   // r-1
            assertEquals("r-1", seen);
            pool.submit(() -> requestId.set("r-1")).get(10, TimeUnit.SECONDS);      // no reset: gone with the task
            assertNull(pool.submit(() -> requestId.getOrNull()).get(10, TimeUnit.SECONDS));
        }
    }
}
