package io.extracontext.examples.java;

import io.extracontext.ContextLocal;
import io.extracontext.Scope;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.List;

/**
 * Usage guide, "Context Manager: Isolated with Block": Python's {@code with ctx:} is Java's
 * try-with-resources over {@link ContextLocal#enter()}. The block sees the outer values; what it
 * writes is undone at the closing brace, also on an exception; blocks nest.
 */
public final class IsolatedBlock {
    private static final ContextLocal ctx = new ContextLocal();

    public static void main(String[] args) {
        Transcript out = new Transcript();
        ExtraContext.run(ctx, () -> {   // the example's own writes stay out of the caller's context
            ctx.setAttribute("value", 1);
            try (Scope s = ctx.enter()) {                    // with ctx:
                ctx.setAttribute("value", 2);
                out.println("in block: " + ctx.getAttribute("value"));
                try (Scope inner = ctx.enter()) {            // re-entrant: with ctx: inside with ctx:
                    out.println("nested block starts with: " + ctx.getAttribute("value"));
                    ctx.setAttribute("value", 3);
                    out.println("nested block: " + ctx.getAttribute("value"));
                }
                out.println("back in block: " + ctx.getAttribute("value"));
            }
            out.println("after block: " + ctx.getAttribute("value"));   // restored

            try (Scope s = ctx.enter()) {
                ctx.setAttribute("value", "half-done");
                throw new IllegalStateException("the block fails");
            } catch (IllegalStateException expected) {
                out.println("after a failing block: " + ctx.getAttribute("value"));
            }
        });
        out.expect(List.of(
                "in block: 2",
                "nested block starts with: 2",
                "nested block: 3",
                "back in block: 2",
                "after block: 1",
                "after a failing block: 1"));
    }
}
