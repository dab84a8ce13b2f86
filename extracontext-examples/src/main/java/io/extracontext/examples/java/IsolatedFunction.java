package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.checkEquals;

import io.extracontext.ContextLocal;
import io.extracontext.Scope;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.List;
import java.util.function.Function;

/**
 * Usage guide, "Decorator: Isolated Function Scope": Python's {@code @ctx} on a function. Java has
 * no decorators; {@link ExtraContext#wrap} returns the decorated function instead. Every call runs
 * in a copy of the caller's context, so whatever it writes is gone when it returns.
 */
public final class IsolatedFunction {
    private static final ContextLocal ctx = new ContextLocal();
    private static final Transcript out = new Transcript();

    // @ctx
    // def isolated_example(): ctx.value = 2; assert ctx.value == 2
    private static final Runnable isolatedExample = ExtraContext.wrap(ctx, () -> {
        ctx.setAttribute("value", 2);
        out.println("inside isolated_example: value = " + ctx.getAttribute("value"));
        checkEquals(2, ctx.getAttribute("value"), "value inside");
    });

    // With an argument and a result: the decorator keeps the signature.
    private static final Function<String, String> greet = ExtraContext.wrapFunction(ctx, name -> {
        Object callers = ctx.getAttribute("value");        // the caller's values are visible inside
        ctx.setAttribute("value", "scratch for " + name);  // scratch state, discarded after the call
        return "hello " + name + " (saw value " + callers + ")";
    });

    public static void main(String[] args) {
        // The scope keeps this example's own writes off the thread (AllExamples runs them all in one JVM).
        try (Scope example = ctx.enter()) {
            ctx.setAttribute("value", 1);
            isolatedExample.run();
            out.println("after isolated_example: value = " + ctx.getAttribute("value"));   // unchanged
            out.println(greet.apply("ada"));
            out.println("after greet: value = " + ctx.getAttribute("value"));
        }
        out.expect(List.of(
                "inside isolated_example: value = 2",
                "after isolated_example: value = 1",
                "hello ada (saw value 1)",
                "after greet: value = 1"));
    }
}
