package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Backend;
import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Usage guide, "Choosing a Backend": native (the default) and pure. */
@ExtendWith(ContextLeakExtension.class)
class BackendsTest {

    @Test
    void nativeIsTheDefaultAndBothAreChosenByName() {
        assertEquals(Backend.NATIVE, new ContextLocal().getBackend());
        assertEquals(Backend.PURE, new ContextLocal(Backend.of("pure")).getBackend());
        assertEquals(Backend.NATIVE, new ContextLocal(Backend.of("native")).getBackend());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.of("python"));
        assertTrue(e.getMessage().contains("'python'"), e.getMessage());
    }

    @Test
    void bothBackendsIsolateFunctionsBlocksAndIterators() {
        for (Backend backend : Backend.values()) {
            ContextLocal ctx = new ContextLocal(backend);
            try (Scope outer = ctx.enter()) {
                ctx.setAttribute("value", 1);
                ExtraContext.run(ctx, () -> ctx.setAttribute("value", 2));
                try (Scope s = ctx.enter()) {
                    ctx.setAttribute("value", 3);
                }
                java.util.Iterator<Object> it = ExtraContext.isolate(ctx, java.util.List.<Object>of(4).iterator());
                it.next();
                assertEquals(1, ctx.getAttribute("value"), backend.name());
            }
            assertFalse(ctx.hasAttribute("value"), backend.name());
        }
    }

    @Test
    void nativeIsolationCoversContextVarsButPureIsolationCoversOnlyItsNamespace() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        ContextLocal nativeCtx = new ContextLocal(Backend.NATIVE);
        ContextLocal pureCtx = new ContextLocal(Backend.PURE);
        ExtraContext.run(nativeCtx, () -> {
            ExtraContext.run(nativeCtx, () -> var.set("inside native"));
            assertEquals("unset", var.get());
            ExtraContext.run(pureCtx, () -> var.set("inside pure"));
            assertEquals("inside pure", var.get(), "PURE leaves ContextVars alone: the write stays");
        });
    }

    @Test
    void onlyNativeValuesTravelThroughAContextPreservingExecutor() throws Exception {
        ContextLocal nativeCtx = new ContextLocal(Backend.NATIVE);
        ContextLocal pureCtx = new ContextLocal(Backend.PURE);
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(1); Scope a = nativeCtx.enter(); Scope b = pureCtx.enter()) {
            nativeCtx.setAttribute("value", "travels");
            pureCtx.setAttribute("value", "stays");
            assertEquals("travels", pool.submit(() -> nativeCtx.getAttribute("value", "missing")).get(10, TimeUnit.SECONDS));
            assertEquals("missing", pool.submit(() -> pureCtx.getAttribute("value", "missing")).get(10, TimeUnit.SECONDS));
        }
    }
}
