package io.extracontext.examples.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's migration from one Micrometer {@code ThreadLocalAccessor} per {@code ThreadLocal} to
 * extracontext-micrometer's one accessor for the whole context: "before" and "after".
 */
@ExtendWith(ContextLeakExtension.class)
class FromMicrometerAccessorsTest {
    static final ThreadLocal<String> requestIdBefore = new ThreadLocal<>();
    static final ThreadLocal<String> tenantBefore = new ThreadLocal<>();
    static final ContextVar<String> requestId = new ContextVar<>("request_id");
    static final ContextVar<String> tenant = new ContextVar<>("tenant");

    @Test
    void aThreadLocalWithoutItsOwnAccessorIsNotCarried() throws Exception {
        ContextRegistry registry = new ContextRegistry();             // in an application: ContextRegistry.getInstance()
        registry.registerThreadLocalAccessor("request_id", requestIdBefore);   // one accessor per ThreadLocal
        ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).build();
        ExecutorService pool = ContextExecutorService.wrap(Executors.newFixedThreadPool(1), snapshots::captureAll);
        requestIdBefore.set("r-1");
        tenantBefore.set("acme");                                     // nobody registered an accessor for it
        try {
            assertEquals("r-1", pool.submit(() -> requestIdBefore.get()).get(10, TimeUnit.SECONDS));
            assertNull(pool.submit(() -> tenantBefore.get()).get(10, TimeUnit.SECONDS));   // lost
        } finally {
            requestIdBefore.remove();
            tenantBefore.remove();
            pool.shutdownNow();
        }
    }

    @Test
    void theOneAccessorOfExtracontextMicrometerCarriesEveryContextVar() throws Exception {
        ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();   // finds ExtraContextAccessor by itself
        ExecutorService pool = ContextExecutorService.wrap(Executors.newFixedThreadPool(1), snapshots::captureAll);
        try (Token<String> r = requestId.set("r-1"); Token<String> t = tenant.set("acme")) {   // no registration
            assertEquals("r-1", pool.submit(() -> requestId.get()).get(10, TimeUnit.SECONDS));
            assertEquals("acme", pool.submit(() -> tenant.get()).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
