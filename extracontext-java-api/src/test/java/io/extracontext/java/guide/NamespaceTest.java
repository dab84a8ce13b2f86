package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextLocal;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Usage guide, "Basic Usage": an attribute set on a namespace is visible only in the current thread. */
@ExtendWith(ContextLeakExtension.class)
class NamespaceTest {
    private static final ContextLocal ctx = new ContextLocal(); // once, at "module level"

    @Test
    void anAttributeSetInAWorkerIsVisibleOnlyInThatThread() throws Exception {
        CountDownLatch workerHasSet = new CountDownLatch(1);
        CountDownLatch mainHasLooked = new CountDownLatch(1);
        AtomicReference<Object> workerSaw = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            ctx.setAttribute("value", "test");   // myworker(): only visible in this thread
            workerHasSet.countDown();
            try {
                mainHasLooked.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workerSaw.set(ctx.getAttribute("value"));
        });
        worker.start();
        assertTrue(workerHasSet.await(10, TimeUnit.SECONDS));
        ExtraContext.run(ctx, () -> {
            assertFalse(ctx.hasAttribute("value"), "the worker's attribute must not show in the main thread");
            ctx.setAttribute("value", "main");
        });
        mainHasLooked.countDown();
        worker.join(10_000);
        assertEquals("test", workerSaw.get(), "nor the main thread's in the worker");
    }

    @Test
    void aNewThreadInheritsNothing() throws Exception {
        AtomicReference<Boolean> had = new AtomicReference<>();
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", "parent");
            Thread child = new Thread(() -> had.set(ctx.hasAttribute("value")));
            child.start();
            try {
                child.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(false, had.get());
    }

    @Test
    void readingAnUnsetAttributeThrowsNamingIt() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> ctx.getAttribute("missing"));
        assertEquals("Attribute not set: missing", e.getMessage());
        assertEquals("default", ctx.getAttribute("missing", "default"));
    }
}
