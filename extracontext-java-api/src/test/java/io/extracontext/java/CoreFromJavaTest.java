package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Backend;
import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextMap;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import io.extracontext.Scope;
import io.extracontext.StrictMode;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core types, written the way a Java user writes them: constructors, statics, try-with-resources.
 * If one of these stops compiling or reading naturally, the core needs a {@code @JvmStatic},
 * {@code @JvmOverloads}, {@code @JvmField} or {@code @JvmName}.
 */
@ExtendWith(ContextLeakExtension.class)
class CoreFromJavaTest {

    @Test
    void contextVarReadsLikePythonsContextVar() throws Exception {
        ContextVar<String> requestId = new ContextVar<>("request_id");
        ContextVar<String> user = new ContextVar<>("user", "Guest");
        ContextVar<String> nullable = new ContextVar<>("nullable", null);
        assertEquals("request_id", requestId.getName());
        assertEquals("Guest", user.get());
        assertNull(nullable.get());
        assertEquals("fallback", requestId.get("fallback"));
        assertNull(requestId.getOrNull());
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, requestId::get);
        assertTrue(missing.getMessage().contains("request_id"), missing.getMessage());

        try (Token<String> t = requestId.set("r-42")) {
            assertSame(requestId, t.getVariable());
            assertSame(Token.MISSING, t.getOldValue());
            assertTrue(requestId.isSet());
            try (Token<String> inner = requestId.set("r-43")) {
                assertEquals("r-42", inner.getOldValue());
                assertEquals("r-43", requestId.get());
            }
            assertEquals("r-42", requestId.get());
            // ContextVar.withValue takes a Kotlin lambda and is hidden from Java; the facade has the Java form.
            assertEquals("r-44!", ExtraContext.callWithValue(requestId, "r-44", () -> requestId.get() + "!"));
        }
        assertFalse(requestId.isSet());
    }

    @Test
    void tokensWorkOnceAndOnlyInTheirOwnContext() throws Exception {
        ContextVar<String> v = new ContextVar<>("v");
        ContextVar<String> other = new ContextVar<>("other");
        Token<String> t = v.set("x");
        t.close();
        IllegalStateException twice = assertThrows(IllegalStateException.class, t::close);
        assertTrue(twice.getMessage().contains("'v'"), twice.getMessage());

        Token<String> fromAnotherContext = ExtraContext.copyContext().call(() -> v.set("elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> v.reset(fromAnotherContext));

        try (Token<String> ot = other.set("o")) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Token<String> forged = (Token) ot;
            assertThrows(IllegalArgumentException.class, () -> v.reset(forged));
        }
    }

    @Test
    void contextIsAReadOnlyMapOfTheSetVariables() {
        ContextVar<String> a = new ContextVar<>("a", "default-a");
        ContextVar<Integer> b = new ContextVar<>("b");
        Context empty = new Context();
        assertTrue(empty.isEmpty());
        Context ctx = Contexts.copyContext().copy();
        ExtraContext.run(ctx, () -> b.set(7));
        assertEquals(Map.of(b, 7), ctx);
        assertFalse(ctx.containsKey(a), "defaults do not count");
        assertThrows(UnsupportedOperationException.class, () -> ctx.put(a, "x"));
        Callable<Integer> wrapped = ctx.wrap(() -> b.get());
        assertEquals(Integer.valueOf(7), assertDoesNotThrowCall(wrapped));
    }

    @Test
    void contextLocalNamespaceWithAttributesAndIsolatedBlocks() {
        ContextLocal ctx = new ContextLocal();
        assertEquals(Backend.NATIVE, ctx.getBackend());
        try (Scope outer = ctx.enter()) {
            ctx.setAttribute("user", "alice");
            try (Scope s = ctx.enter()) {                      // Python's `with ctx:`
                ctx.setAttribute("user", "bob");
                ctx.setAttribute("color", "red");
                assertEquals(List.of("color", "user"), List.copyOf(ctx.attributeNames()));
            }
            assertEquals("alice", ctx.getAttribute("user"));
            assertEquals("none", ctx.getAttribute("color", "none"));
            ctx.deleteAttribute("user");
            assertFalse(ctx.hasAttribute("user"));
            assertThrows(NoSuchElementException.class, () -> ctx.deleteAttribute("user"));
        }
        assertEquals(0, ctx.attributeNames().size());
    }

    @Test
    void contextMapIsAJavaMap() {
        ContextMap map = new ContextMap(Map.of("color", "red", "font", "arial"));
        ContextMap empty = new ContextMap();
        ContextMap pure = new ContextMap(Map.of(), Backend.PURE);
        try (Scope s = map.enter()) {
            map.put("color", "blue");
            assertEquals("blue", map.getAttribute("color"));
            assertEquals(Map.of("color", "blue", "font", "arial"), map);
            assertEquals("arial", map.getOrDefault("font", "?"));
        }
        assertEquals("red", map.get("color"));
        assertTrue(empty.isEmpty());
        assertEquals(Backend.PURE, pure.getBackend());
    }

    @Test
    void executorsReadNaturallyInTryWithResources() throws Exception {
        ContextVar<String> requestId = new ContextVar<>("request_id");
        try (Token<String> t = requestId.set("r-42"); var pool = new ContextPreservingExecutor(4)) {
            assertEquals("r-42", pool.submit(() -> requestId.get()).get());
            assertEquals("r-42", pool.submit(requestId::getOrNull).get());
        }
        try (ContextPreservingExecutor wrapped = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor());
                var defaults = new ContextPreservingExecutor()) {
            assertFalse(wrapped.isShutdown());
            assertFalse(defaults.isShutdown());
        }
        ScheduledExecutorService timer = ContextPreservingExecutor.wrap(Executors.newSingleThreadScheduledExecutor());
        try (Token<String> t = requestId.set("scheduled")) {
            ScheduledFuture<String> later = timer.schedule(() -> requestId.get(), 1, TimeUnit.MILLISECONDS);
            assertEquals("scheduled", later.get(10, TimeUnit.SECONDS));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void backendAndStrictModeAreStatics() {
        assertEquals(Backend.PURE, Backend.of("pure"));
        assertEquals(Backend.NATIVE, Backend.of("NATIVE"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Backend.of("python"));
        assertTrue(bad.getMessage().contains("native") && bad.getMessage().contains("pure"), bad.getMessage());
        boolean before = StrictMode.isEnabled();
        try {
            StrictMode.setEnabled(true);
            assertTrue(StrictMode.isEnabled());
        } finally {
            StrictMode.setEnabled(before);
        }
    }

    private static <T> T assertDoesNotThrowCall(Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
