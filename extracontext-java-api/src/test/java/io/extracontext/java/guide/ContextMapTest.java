package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextMap;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Usage guide, "ContextMap: Dictionary-Style Access": map access and attribute access are one store,
 * and every mapping method ({@code keys}, {@code values}, {@code items}, {@code get}, {@code pop},
 * {@code clear}, {@code update}, {@code setdefault}) works, within the isolation rules.
 */
@ExtendWith(ContextLeakExtension.class)
class ContextMapTest {
    private final ContextMap ctx = new ContextMap(Map.of("color", "red", "font", "arial"));

    @Test
    void mapAccessAndAttributeAccessAreTheSameStore() {
        ContextMap plain = new ContextMap();
        ExtraContext.run(plain, () -> {
            plain.put("value", "test");                       // ctx["value"] = "test"
            assertEquals("test", plain.getAttribute("value")); // ctx.value
            plain.setAttribute("other", 1);
            assertEquals(1, plain.get("other"));
        });
        assertTrue(plain.isEmpty());
    }

    @Test
    void initialEntriesAreVisibleEverywhereUntilChangedThere() {
        assertEquals("red", ctx.get("color"));
        assertEquals("arial", ctx.getAttribute("font"));
        ExtraContext.run(ctx, () -> {
            ctx.put("color", "blue");
            assertEquals("blue", ctx.get("color"));
        });
        assertEquals("red", ctx.get("color"));
    }

    @Test
    void keysValuesAndItemsIterateInSortedKeyOrder() {
        ExtraContext.run(ctx, () -> {
            ctx.put("bold", true);
            assertEquals(List.of("bold", "color", "font"), new ArrayList<>(ctx.keySet()));          // keys()
            assertEquals(List.of(true, "red", "arial"), new ArrayList<>(ctx.values()));             // values()
            Map<String, Object> items = new TreeMap<>();
            ctx.entrySet().forEach(e -> items.put(e.getKey(), e.getValue()));                        // items()
            assertEquals(Map.of("bold", true, "color", "red", "font", "arial"), items);
            assertEquals(3, ctx.size());
            assertTrue(ctx.containsKey("bold"));
            assertTrue(ctx.containsValue("arial"));
            assertEquals(Map.of("bold", true, "color", "red", "font", "arial"), ctx);              // == a plain dict
            assertEquals(ctx, Map.of("bold", true, "color", "red", "font", "arial"));
            assertEquals(Map.of("bold", true, "color", "red", "font", "arial").hashCode(), ctx.hashCode());
        });
    }

    @Test
    void getAndGetWithADefault() {
        assertNull(ctx.get("missing"));                          // get(k)
        assertEquals("fallback", ctx.getOrDefault("missing", "fallback"));  // get(k, default)
        assertEquals("red", ctx.getOrDefault("color", "fallback"));
    }

    @Test
    void popRemovesInTheCurrentContextOnly() {
        ExtraContext.run(ctx, () -> {
            assertEquals("red", ctx.remove("color"));            // pop(k)
            assertFalse(ctx.containsKey("color"));
            assertNull(ctx.remove("color"), "pop of a missing key answers null, as Map.remove does");
            assertThrows(java.util.NoSuchElementException.class, () -> ctx.getAttribute("color"));
        });
        assertEquals("red", ctx.get("color"), "the outer context keeps the value");
    }

    @Test
    void clearEmptiesTheCurrentContextOnly() {
        ExtraContext.run(ctx, () -> {
            ctx.put("extra", 1);
            ctx.clear();                                          // clear()
            assertTrue(ctx.isEmpty());
            assertEquals(0, ctx.size());
            ctx.put("color", "green");                            // setting again works
            assertEquals(Map.of("color", "green"), ctx);
        });
        assertEquals(Map.of("color", "red", "font", "arial"), ctx);
    }

    @Test
    void updateAndSetdefault() {
        ExtraContext.run(ctx, () -> {
            ctx.putAll(Map.of("color", "black", "size", 12));     // update()
            assertEquals("black", ctx.get("color"));
            assertEquals(12, ctx.get("size"));
            assertEquals("black", ctx.putIfAbsent("color", "white"));   // setdefault() on a present key
            assertNull(ctx.putIfAbsent("weight", "bold"));              // setdefault() on a missing key
            assertEquals("bold", ctx.get("weight"));
            assertEquals("serif", ctx.computeIfAbsent("family", k -> "serif"));
            assertEquals(13, ctx.merge("size", 1, (a, b) -> (Integer) a + (Integer) b));
        });
        assertEquals(Map.of("color", "red", "font", "arial"), ctx);
    }

    @Test
    void entrySetValueAndIteratorRemoveWriteThroughToTheCurrentContext() {
        ExtraContext.run(ctx, () -> {
            for (Map.Entry<String, Object> e : ctx.entrySet()) {
                if (e.getKey().equals("color")) {
                    assertEquals("red", e.setValue("purple"));
                }
            }
            assertEquals("purple", ctx.get("color"));
            Iterator<String> keys = ctx.keySet().iterator();
            while (keys.hasNext()) {
                if (keys.next().equals("font")) {
                    keys.remove();
                }
            }
            assertEquals(Map.of("color", "purple"), ctx);
            ctx.keySet().remove("color");
            assertTrue(ctx.isEmpty());
            assertThrows(UnsupportedOperationException.class, () -> ctx.keySet().add("x"));
        });
        assertEquals(Map.of("color", "red", "font", "arial"), ctx);
    }
}
