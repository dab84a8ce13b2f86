package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.extracontext.ContextLocal;
import io.extracontext.Scope;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Usage guide, "Context Manager: Isolated with Block": {@code with ctx:}, re-entrant and nested. */
@ExtendWith(ContextLeakExtension.class)
class IsolatedBlockTest {
    private final ContextLocal ctx = new ContextLocal();

    @Test
    void aWithBlockRestoresTheOuterValue() {
        try (Scope outer = ctx.enter()) {   // keeps this test's own writes off the thread
            ctx.setAttribute("value", 1);
            try (Scope s = ctx.enter()) {
                ctx.setAttribute("value", 2);
                assertEquals(2, ctx.getAttribute("value"));
            }
            assertEquals(1, ctx.getAttribute("value"));   // restored
        }
    }

    @Test
    void nestedBlocksRestoreLevelByLevel() {
        try (Scope outer = ctx.enter()) {
            ctx.setAttribute("value", 1);
            try (Scope a = ctx.enter()) {
                ctx.setAttribute("value", 2);
                try (Scope b = ctx.enter()) {
                    assertEquals(2, ctx.getAttribute("value"), "an inner block sees the outer one's value");
                    ctx.setAttribute("value", 3);
                    ctx.setAttribute("only-inner", true);
                    try (Scope c = ctx.enter()) {
                        ctx.deleteAttribute("value");
                        assertFalse(ctx.hasAttribute("value"));
                    }
                    assertEquals(3, ctx.getAttribute("value"));
                }
                assertEquals(2, ctx.getAttribute("value"));
                assertFalse(ctx.hasAttribute("only-inner"));
            }
            assertEquals(1, ctx.getAttribute("value"));
        }
    }

    @Test
    void theBlockRestoresAlsoWhenItsBodyThrows() {
        try (Scope outer = ctx.enter()) {
            ctx.setAttribute("value", 1);
            assertThrows(IllegalStateException.class, () -> {
                try (Scope s = ctx.enter()) {
                    ctx.setAttribute("value", 2);
                    throw new IllegalStateException("boom");
                }
            });
            assertEquals(1, ctx.getAttribute("value"));
        }
    }

    @Test
    void closingTwiceIsANoOpAndClosingOutOfOrderRestoresAndThrows() {
        try (Scope outer = ctx.enter()) {
            ctx.setAttribute("value", "outer");
            Scope a = ctx.enter();
            ctx.setAttribute("value", "a");
            Scope b = ctx.enter();
            ctx.setAttribute("value", "b");
            assertThrows(IllegalStateException.class, a::close, "a is not the innermost scope");
            assertEquals("outer", ctx.getAttribute("value"), "the context from before a is back");
            b.close();   // closed together with a: changes nothing
            a.close();   // twice: a no-op
            assertEquals("outer", ctx.getAttribute("value"));
        }
    }

    @Test
    void blocksOfTwoNamespacesInterleave() {
        ContextLocal other = new ContextLocal();
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("x", 1);
            other.setAttribute("y", 1);
            try (Scope s1 = ctx.enter(); Scope s2 = other.enter()) {
                ctx.setAttribute("x", 2);
                other.setAttribute("y", 2);
            }
            assertEquals(1, ctx.getAttribute("x"));
            assertEquals(1, other.getAttribute("y"));
        });
    }
}
