package io.extracontext.examples.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextMemo;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.Token;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guide's "Getting started in Java" page: every block of it is copied from here. */
@ExtendWith(ContextLeakExtension.class)
class GettingStartedJavaTest {
    // One variable per concept, created once (a static field): two `new ContextVar<>("x")` are two variables.
    static final ContextVar<String> requestId = new ContextVar<>("request_id");
    static final ContextVar<String> user = new ContextVar<>("user", "anonymous");

    @Test
    void aVariableIsSetForABlockAndResetAfterIt() throws Exception {
        assertEquals("anonymous", user.get());              // the default
        try (Token<String> t = requestId.set("r-1")) {      // set; close() resets it
            assertEquals("r-1", requestId.get());
        }
        assertFalse(requestId.isSet());                     // back to how it was
        assertNull(requestId.getOrNull());

        String seen = ExtraContext.callWithValue(requestId, "r-2", () -> requestId.get());
        assertEquals("r-2", seen);
    }

    @Test
    void aPoolTaskRunsInACopyOfTheSubmittersContext() throws Exception {
        try (var pool = new ContextPreservingExecutor(2);               // or ContextPreservingExecutor.wrap(yourPool)
             Token<String> t = requestId.set("r-1")) {
            String seen = pool.submit(() -> requestId.get()).get();     // "r-1", on a pool thread
            pool.submit(() -> requestId.set("changed")).get();          // a task's writes stay in its copy
            assertEquals("r-1", seen);
            assertEquals("r-1", requestId.get());
        }
    }

    @Test
    void aSnapshotRunsOnAnyThread() throws Exception {
        ExecutorService plain = Executors.newSingleThreadExecutor();   // a pool you do not own
        try (Token<String> t = requestId.set("r-1")) {
            Context snapshot = ExtraContext.copyContext();              // O(1)
            Runnable task = snapshot.wrap(() -> System.out.println(requestId.get()));   // prints r-1
            plain.submit(task).get(10, TimeUnit.SECONDS);
            String seen = plain.submit(snapshot.wrap(() -> requestId.get())).get(10, TimeUnit.SECONDS);
            assertEquals("r-1", seen);
            CompletableFuture<String> later = ExtraContext.supplyAsync(() -> requestId.get(), plain);
            assertEquals("r-1", later.get(10, TimeUnit.SECONDS));
        } finally {
            plain.shutdownNow();
        }
    }

    @Test
    void aNamespaceIsolatesWhatABlockSets() throws Exception {
        ContextLocal ctx = new ContextLocal();
        try (Scope s = ctx.enter()) {                                   // Python's `with ctx:`
            ctx.setAttribute("user", "alice");
            assertEquals("alice", ctx.getAttribute("user"));
        }
        assertFalse(ctx.hasAttribute("user"));                          // gone with the scope
        String result = ExtraContext.call(ctx, () -> {                  // one isolated call
            ctx.setAttribute("user", "bob");
            return (String) ctx.getAttribute("user");
        });
        assertEquals("bob", result);
        Runnable isolated = ExtraContext.wrap(ctx, () -> ctx.setAttribute("user", "carol"));   // the decorator
        isolated.run();
        assertFalse(ctx.hasAttribute("user"));
    }

    @Test
    void aMemoCachesPerRequestOnly() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        ContextMemo<String, String> profile = new ContextMemo<>("profile", id -> {
            lookups.incrementAndGet();
            return "profile of " + id;
        });
        String twice = profile.withCache(() -> profile.apply("u-1") + " / " + profile.apply("u-1"));   // one lookup
        assertEquals("profile of u-1 / profile of u-1", twice);
        assertEquals(1, lookups.get());
        profile.withCache(() -> profile.apply("u-1"));                  // another request: its own cache
        assertEquals(2, lookups.get());
    }
}
