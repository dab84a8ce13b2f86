package io.extracontext.java.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code contextvars} examples: the quickstart, the request-id tutorial and the usage patterns. */
@ExtendWith(ContextLeakExtension.class)
class ContextVarsGuideTest {

    /** The quickstart: current_user with default "Guest"; Alice and Bob handled concurrently, reset in finally. */
    @Test
    void quickstartHandlesAliceAndBobConcurrentlyAndRevertsToTheDefault() throws Exception {
        ContextVar<String> currentUser = new ContextVar<>("current_user", "Guest");
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier sleep = new CyclicBarrier(2);   // both requests are in flight at once
        printed.add("Before tasks: " + currentUser.get());
        try (ContextPreservingExecutor loop = new ContextPreservingExecutor(2)) {
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            for (String user : List.of("Alice", "Bob")) {
                tasks.add(CompletableFuture.runAsync(() -> {
                    Token<String> token = currentUser.set(user);
                    try {
                        printed.add("Task for " + user + ": Currently handled by " + currentUser.get());
                        await(sleep);
                        printed.add("Task for " + user + ": Still handled by " + currentUser.get());
                    } finally {
                        currentUser.reset(token);
                    }
                }, loop));
            }
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        printed.add("After tasks: " + currentUser.get());
        assertEquals("Before tasks: Guest", printed.get(0));
        assertEquals("After tasks: Guest", printed.get(5));
        for (String user : List.of("Alice", "Bob")) {
            assertTrue(printed.contains("Task for " + user + ": Currently handled by " + user), printed.toString());
            assertTrue(printed.contains("Task for " + user + ": Still handled by " + user), printed.toString());
        }
    }

    /** The tutorial: {@code var.get()} with a default, and the copy_context example with its four lines. */
    @Test
    void copiedContextKeepsTheValueFromBeforeTheCopy() {
        ContextVar<String> var = new ContextVar<>("var", "Hello!");
        assertEquals("Hello!", var.get());
        List<String> printed = new ArrayList<>();
        ExtraContext.run(ExtraContext.copyContext(), () -> {   // keeps the example's sets off this thread
            var.set("Hello, World!");
            printed.add("In original context before copy: " + var.get());
            Context ctx = ExtraContext.copyContext();
            var.set("Hello, Pythonista!");
            printed.add("In original context after set(): " + var.get());
            ExtraContext.run(ctx, () -> printed.add("Inside copied context run(): " + var.get()));
            printed.add("Back in original context: " + var.get());
        });
        assertEquals(List.of(
                "In original context before copy: Hello, World!",
                "In original context after set(): Hello, Pythonista!",
                "Inside copied context run(): Hello, World!",
                "Back in original context: Hello, Pythonista!"), printed);
    }

    /** The tutorial's real-world example: request_id per request for alice, bob and carol, interleaved at the await. */
    @Test
    void eachRequestKeepsItsOwnRequestIdWhileTheOthersRun() throws Exception {
        ContextVar<String> requestId = new ContextVar<>("request_id");
        CyclicBarrier await = new CyclicBarrier(3);
        Map<String, List<String>> lines = Collections.synchronizedMap(new HashMap<>());
        try (ContextPreservingExecutor loop = new ContextPreservingExecutor(3)) {
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            for (String user : List.of("alice", "bob", "carol")) {
                tasks.add(CompletableFuture.runAsync(() -> {
                    Token<String> token = requestId.set("req-" + user);
                    try {
                        List<String> mine = new ArrayList<>();
                        mine.add("[" + user + "] Set request_id to: " + requestId.get());
                        mine.add("[" + user + "] Processing action for request_id: " + requestId.get());
                        await(await);
                        mine.add("[" + user + "] Final for request_id: " + requestId.get());
                        lines.put(user, mine);
                    } finally {
                        requestId.reset(token);
                    }
                }, loop));
            }
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        for (String user : List.of("alice", "bob", "carol")) {
            assertEquals(List.of(
                    "[" + user + "] Set request_id to: req-" + user,
                    "[" + user + "] Processing action for request_id: req-" + user,
                    "[" + user + "] Final for request_id: req-" + user), lines.get(user));
        }
    }

    /** Common gotchas: errors map to Java exceptions that name the variable. */
    @Test
    void lookupAndTokenErrorsMapToJavaExceptions() throws Exception {
        ContextVar<String> noDefault = new ContextVar<>("no_default");
        NoSuchElementException lookup = assertThrows(NoSuchElementException.class, noDefault::get);   // LookupError
        assertTrue(lookup.getMessage().contains("no_default"));
        Token<String> token = noDefault.set("x");
        noDefault.reset(token);
        assertThrows(IllegalStateException.class, () -> noDefault.reset(token));                       // RuntimeError
        Token<String> elsewhere = ExtraContext.copyContext().call(() -> noDefault.set("y"));
        assertThrows(IllegalArgumentException.class, () -> noDefault.reset(elsewhere));                // ValueError
    }

    /** Basic usage: set_request_id / reset_request_id / get_request_id with default None. */
    @Test
    void basicSetAndResetBackToTheNoneDefault() {
        ContextVar<String> requestId = new ContextVar<>("request_id", null);
        Token<String> token = requestId.set("abc-123");
        assertEquals("abc-123", requestId.get());
        requestId.reset(token);
        assertNull(requestId.get());
    }

    /** Tasks: workers alice and bob each set their own user; default "anonymous". */
    @Test
    void tasksEachSetTheirOwnUser() throws Exception {
        ContextVar<String> user = new ContextVar<>("user", "anonymous");
        CyclicBarrier sleep = new CyclicBarrier(2);
        try (ContextPreservingExecutor loop = new ContextPreservingExecutor(2)) {
            CompletableFuture<String> alice = ExtraContext.supplyAsync(() -> worker(user, "alice", sleep), loop);
            CompletableFuture<String> bob = ExtraContext.supplyAsync(() -> worker(user, "bob", sleep), loop);
            assertEquals("Task alice: user=alice", alice.get(10, TimeUnit.SECONDS));
            assertEquals("Task bob: user=bob", bob.get(10, TimeUnit.SECONDS));
        }
        assertEquals("anonymous", user.get());
    }

    private static String worker(ContextVar<String> user, String name, CyclicBarrier sleep) {
        try (Token<String> t = user.set(name)) {
            await(sleep);
            return "Task " + name + ": user=" + user.get();
        }
    }

    /** Threads: a new thread sees nothing unless it runs in a copied context. */
    @Test
    void aNewThreadSeesTheMainContextOnlyThroughCopyContext() throws Exception {
        ContextVar<String> marker = new ContextVar<>("marker", "none");
        AtomicReference<String> plain = new AtomicReference<>();
        AtomicReference<String> copied = new AtomicReference<>();
        try (Token<String> token = marker.set("main-context")) {
            Thread withoutCopy = new Thread(() -> plain.set(marker.get()));
            withoutCopy.start();
            withoutCopy.join(10_000);
            Context ctx = ExtraContext.copyContext();
            Thread t = new Thread(() -> ExtraContext.run(ctx, () -> copied.set("Thread sees: " + marker.get())));
            t.start();
            t.join(10_000);
        }
        assertEquals("none", plain.get());
        assertEquals("Thread sees: main-context", copied.get());
        assertEquals("none", marker.get());
    }

    /** Per-context memoization with a ContextVar holding the cache. */
    @Test
    void perContextMemoizationComputesOncePerContextAndNeverSharesAcrossContexts() {
        ContextVar<Map<Object, Object>> localCache = new ContextVar<>("local_cache", null);
        AtomicInteger computed = new AtomicInteger();
        Function<Integer, Integer> expensive = perContextMemoize(localCache, x -> {
            computed.incrementAndGet();
            return x * x;
        });
        Runnable request = () -> {
            assertEquals(49, expensive.apply(7));
            assertEquals(49, expensive.apply(7));
            assertEquals(9, expensive.apply(3));
        };
        ExtraContext.run(new Context(), request);
        assertEquals(2, computed.get(), "one computation per distinct argument within a request");
        ExtraContext.run(new Context(), request);
        assertEquals(4, computed.get(), "a new request starts with an empty cache");
        assertNull(localCache.get(), "nothing cached in the caller's context");
    }

    static <A, R> Function<A, R> perContextMemoize(ContextVar<Map<Object, Object>> localCache, Function<A, R> func) {
        return args -> {
            Map<Object, Object> cache = localCache.get();
            if (cache == null) {
                cache = new HashMap<>();
                localCache.set(cache);
            }
            @SuppressWarnings("unchecked")
            R result = (R) cache.computeIfAbsent(args, k -> func.apply(args));
            return result;
        };
    }

    /** Putting it together: with_request_id(rid) sets for the block, resets in finally. */
    @Test
    void withRequestIdSetsTheIdForTheBlockOnly() throws Exception {
        ContextVar<String> requestId = new ContextVar<>("request_id", null);
        List<String> logged = new ArrayList<>();
        ExtraContext.withValue(requestId, "r-1", () -> logged.add("Processing request " + requestId.get()));
        try (Token<String> t = requestId.set("r-2")) {   // the same, as try-with-resources
            logged.add("Processing request " + requestId.get());
        }
        assertEquals("r-3", ExtraContext.callWithValue(requestId, "r-3", () -> requestId.get()));
        assertEquals(List.of("Processing request r-1", "Processing request r-2"), logged);
        assertNull(requestId.get());
        assertThrows(IllegalStateException.class, () -> ExtraContext.withValue(requestId, "r-4", () -> {
            throw new IllegalStateException("handler failed");
        }));
        assertNull(requestId.get(), "reset in finally, also on failure");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
