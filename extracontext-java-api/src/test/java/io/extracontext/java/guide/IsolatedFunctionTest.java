package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.extracontext.ContextLocal;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Usage guide, "Decorator: Isolated Function Scope": {@code @ctx def isolated_example()}. */
@ExtendWith(ContextLeakExtension.class)
class IsolatedFunctionTest {
    private final ContextLocal ctx = new ContextLocal();

    // @ctx
    // def isolated_example(): ctx.value = 2; assert ctx.value == 2
    private final Runnable isolatedExample = ExtraContext.wrap(ctx, () -> {
        ctx.setAttribute("value", 2);
        assertEquals(2, ctx.getAttribute("value"));
    });

    @Test
    void changesMadeInsideTheDecoratedFunctionAreNeverVisibleToTheCaller() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", 1);
            isolatedExample.run();
            assertEquals(1, ctx.getAttribute("value"));   // unchanged
        });
    }

    @Test
    void theDecoratedFunctionSeesTheCallersValuesAndDeletesOnlyInItsCopy() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", 1);
            Function<String, Object> readThenDelete = ExtraContext.wrapFunction(ctx, name -> {
                Object seen = ctx.getAttribute(name);
                ctx.deleteAttribute(name);
                return seen;
            });
            assertEquals(1, readThenDelete.apply("value"));
            assertEquals(1, ctx.getAttribute("value"));
        });
    }

    @Test
    void anExceptionLeavesTheCallersValuesAlone() {
        // A lambda that only throws fits Callable too, and Java prefers Callable: say which, as with submit().
        Runnable failing = ExtraContext.wrap(ctx, (Runnable) () -> {
            ctx.setAttribute("value", "inside");
            throw new IllegalStateException("failed inside");
        });
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", "outside");
            assertThrows(IllegalStateException.class, failing::run);
            assertEquals("outside", ctx.getAttribute("value"));
        });
    }
}
