package io.extracontext.examples.java;

import io.extracontext.Backend;
import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.List;

/**
 * Usage guide, "Choosing a Backend". {@code NATIVE} (the default) keeps values in the context, as
 * {@code ContextVar}s are kept: they travel to pools, and isolation copies the whole context.
 * {@code PURE} is a self-contained single-thread implementation: its isolation covers only its own
 * namespace, and its values stay on their thread. Use NATIVE in production.
 */
public final class ChoosingABackend {
    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        ContextLocal nativeCtx = new ContextLocal(Backend.of("native"));   // the default
        ContextLocal pureCtx = new ContextLocal(Backend.of("pure"));
        ContextVar<String> var = new ContextVar<>("var", "unset");
        out.println("default backend: " + new ContextLocal().getBackend());

        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(1);
                Scope a = nativeCtx.enter();
                Scope b = pureCtx.enter()) {
            nativeCtx.setAttribute("value", "native value");
            pureCtx.setAttribute("value", "pure value");
            out.println("on the pool, native: " + pool.submit(() -> nativeCtx.getAttribute("value", "missing")).get());
            out.println("on the pool, pure: " + pool.submit(() -> pureCtx.getAttribute("value", "missing")).get());

            ExtraContext.run(nativeCtx, () -> var.set("set inside native isolation"));
            out.println("after native isolation, var = " + var.get());
            ExtraContext.run(pureCtx, () -> var.set("set inside pure isolation"));
            out.println("after pure isolation, var = " + var.get());
        }
        try {
            Backend.of("python");
        } catch (IllegalArgumentException e) {
            out.println("Backend.of(\"python\"): " + e.getMessage());
        }
        out.expect(List.of(
                "default backend: NATIVE",
                "on the pool, native: native value",
                "on the pool, pure: missing",
                "after native isolation, var = unset",
                "after pure isolation, var = set inside pure isolation",
                "Backend.of(\"python\"): Unknown backend 'python'; valid backends are: native, pure"));
    }
}
