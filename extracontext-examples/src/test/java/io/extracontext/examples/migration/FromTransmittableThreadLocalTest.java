package io.extracontext.examples.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.alibaba.ttl.TransmittableThreadLocal;
import com.alibaba.ttl.threadpool.TtlExecutors;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's migration from Alibaba's TransmittableThreadLocal: the "before" code compiled against
 * TTL, what it gets wrong on a pool nobody wrapped, and the "after" code.
 */
@ExtendWith(ContextLeakExtension.class)
class FromTransmittableThreadLocalTest {
    static final TransmittableThreadLocal<String> requestIdBefore = new TransmittableThreadLocal<>();
    static final ContextVar<String> requestId = new ContextVar<>("request_id");

    @Test
    void ttlCarriesItsValueThroughAWrappedPool() throws Exception {
        ExecutorService pool = TtlExecutors.getTtlExecutorService(Executors.newFixedThreadPool(1));
        try {
            requestIdBefore.set("r-1");
            try {
                String seen = pool.submit(() -> requestIdBefore.get()).get(10, TimeUnit.SECONDS);   // r-1
                assertEquals("r-1", seen);
            } finally {
                requestIdBefore.remove();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** TTL is an InheritableThreadLocal: a pool nobody wrapped, created during a request, keeps that request's value. */
    @Test
    void ttlLeaksTheValueOfTheRequestThatCreatedAnUnwrappedPoolIntoEveryLaterTask() throws Exception {
        ExecutorService library = null;   // a library's own pool, created lazily on first use
        try {
            requestIdBefore.set("r-1");
            try {
                library = Executors.newSingleThreadExecutor();
                library.submit(() -> { }).get(10, TimeUnit.SECONDS);
            } finally {
                requestIdBefore.remove();
            }
            requestIdBefore.set("r-2");
            try {
                assertEquals("r-1", library.submit(() -> requestIdBefore.get()).get(10, TimeUnit.SECONDS));
            } finally {
                requestIdBefore.remove();
            }
        } finally {
            if (library != null) library.shutdownNow();
        }
    }

    @Test
    void aContextVarCarriesItsValueThroughAContextPreservingExecutorAndNeverLeaksIntoAnUnwrappedPool() throws Exception {
        try (ContextPreservingExecutor pool = ContextPreservingExecutor.wrap(Executors.newFixedThreadPool(1));
             Token<String> t = requestId.set("r-1")) {
            String seen = pool.submit(() -> requestId.get()).get(10, TimeUnit.SECONDS);   // r-1
            assertEquals("r-1", seen);
        }
        ExecutorService library = null;
        try {
            try (Token<String> t = requestId.set("r-1")) {
                library = Executors.newSingleThreadExecutor();
                library.submit(() -> { }).get(10, TimeUnit.SECONDS);
            }
            assertNull(library.submit(() -> requestId.getOrNull()).get(10, TimeUnit.SECONDS));
        } finally {
            if (library != null) library.shutdownNow();
        }
    }
}
