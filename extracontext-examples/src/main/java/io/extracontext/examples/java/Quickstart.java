package io.extracontext.examples.java;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The {@code contextvars} quickstart and the request-id walkthrough: a
 * {@link ContextVar} with a default, set per request with a {@link Token} and reset in
 * {@code finally}, while the other requests run at the same time.
 */
public final class Quickstart {
    // Module level, created once: a ContextVar created per request would be a new variable each time.
    private static final ContextVar<String> currentUser = new ContextVar<>("current_user", "Guest");
    private static final ContextVar<String> requestId = new ContextVar<>("request_id");

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        CyclicBarrier sleep = new CyclicBarrier(2);          // await asyncio.sleep(0.1): both are in flight
        out.println("Before tasks: " + currentUser.get());
        try (ContextPreservingExecutor loop = new ContextPreservingExecutor(3)) {
            // asyncio.gather(handle_request("Alice"), handle_request("Bob")). Each request collects
            // its lines and they are printed after the join, so the transcript's order is fixed.
            CompletableFuture<List<String>> alice = ExtraContext.supplyAsync(() -> handleRequest(sleep, "Alice"), loop);
            CompletableFuture<List<String>> bob = ExtraContext.supplyAsync(() -> handleRequest(sleep, "Bob"), loop);
            alice.get(10, TimeUnit.SECONDS).forEach(out::println);
            bob.get(10, TimeUnit.SECONDS).forEach(out::println);
            out.println("After tasks: " + currentUser.get());     // should revert to the default

            // The walkthrough: three users, each request with its own request_id, interleaved at the await.
            CyclicBarrier await = new CyclicBarrier(3);
            List<CompletableFuture<List<String>>> requests = new ArrayList<>();
            for (String user : List.of("alice", "bob", "carol")) {
                requests.add(ExtraContext.supplyAsync(() -> handleRequestId(await, user), loop));
            }
            for (CompletableFuture<List<String>> r : requests) {
                r.get(10, TimeUnit.SECONDS).forEach(out::println);
            }
        }
        out.expect(List.of(
                "Before tasks: Guest",
                "Task for Alice: Currently handled by Alice", "Task for Alice: Still handled by Alice",
                "Task for Bob: Currently handled by Bob", "Task for Bob: Still handled by Bob",
                "After tasks: Guest",
                "[alice] Set request_id to: req-alice", "[alice] Processing action for request_id: req-alice",
                "[alice] Final for request_id: req-alice",
                "[bob] Set request_id to: req-bob", "[bob] Processing action for request_id: req-bob",
                "[bob] Final for request_id: req-bob",
                "[carol] Set request_id to: req-carol", "[carol] Processing action for request_id: req-carol",
                "[carol] Final for request_id: req-carol"));
    }

    private static List<String> handleRequest(CyclicBarrier sleep, String userName) {
        Token<String> token = currentUser.set(userName);     // set for the current task: returns a Token
        try {
            List<String> lines = new ArrayList<>();
            lines.add("Task for " + userName + ": Currently handled by " + currentUser.get());
            pause(sleep);                                     // the other request runs now
            lines.add("Task for " + userName + ": Still handled by " + currentUser.get());
            return lines;
        } finally {
            currentUser.reset(token);                          // back to the previous value, whatever happened
        }
    }

    private static List<String> handleRequestId(CyclicBarrier await, String user) {
        Token<String> token = requestId.set("req-" + user);
        try {
            List<String> lines = new ArrayList<>();
            lines.add("[" + user + "] Set request_id to: " + requestId.get());
            lines.add(processUserAction(await, user));
            lines.add("[" + user + "] Final for request_id: " + requestId.get());
            return lines;
        } finally {
            requestId.reset(token);
        }
    }

    // No request id in the signature: it is found in the context, as the walkthrough's helper does.
    private static String processUserAction(CyclicBarrier await, String user) {
        String line = "[" + user + "] Processing action for request_id: " + requestId.get();
        pause(await);   // all three requests are between "Processing" and "Final" at once
        return line;
    }

    private static void pause(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the concurrent requests did not meet", e);
        }
    }
}
