package io.extracontext.examples.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * The guide's migration from {@code ThreadLocal} and {@code InheritableThreadLocal}: the "before"
 * code with what it gets wrong, and the "after" code with what it does instead.
 */
@ExtendWith(ContextLeakExtension.class)
class FromThreadLocalTest {
    static final InheritableThreadLocal<String> requestIdBefore = new InheritableThreadLocal<>();
    static final ContextVar<String> requestId = new ContextVar<>("request_id");

    /** A pool created lazily, during the first request: the usual way a worker thread gets made. */
    static String handleBefore(String id, ExecutorService[] lazyPool) throws Exception {
        requestIdBefore.set(id);
        try {
            if (lazyPool[0] == null) lazyPool[0] = Executors.newSingleThreadExecutor();
            return lazyPool[0].submit(() -> requestIdBefore.get()).get(10, TimeUnit.SECONDS);
        } finally {
            requestIdBefore.remove();
        }
    }

    @Test
    void anInheritableThreadLocalGivesEveryLaterTaskTheValueOfTheRequestThatMadeTheThread() throws Exception {
        ExecutorService[] lazyPool = new ExecutorService[1];
        try {
            assertEquals("r-1", handleBefore("r-1", lazyPool));
            assertEquals("r-1", handleBefore("r-2", lazyPool));   // the worker inherited r-1 when it was created
        } finally {
            lazyPool[0].shutdownNow();
        }
    }

    static String handleAfter(String id, ContextPreservingExecutor pool) throws Exception {
        try (Token<String> t = requestId.set(id)) {
            return pool.submit(() -> requestId.get()).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aContextVarOnAContextPreservingExecutorGivesEachTaskTheValueOfItsSubmitter() throws Exception {
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(1)) {
            assertEquals("r-1", handleAfter("r-1", pool));
            assertEquals("r-2", handleAfter("r-2", pool));
        }
    }

    @Test
    void aNewThreadInheritsNothing() throws Exception {
        String[] seen = {"unset"};
        try (Token<String> t = requestId.set("r-1")) {
            Thread thread = new Thread(() -> seen[0] = requestId.getOrNull());   // every thread starts empty
            thread.start();
            thread.join(10_000);
        }
        assertNull(seen[0]);
    }
}
