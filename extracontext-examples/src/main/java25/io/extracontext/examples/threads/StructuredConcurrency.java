package io.extracontext.examples.threads;

import io.extracontext.ContextPreservingThreadFactory;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.ThreadFactory;

/**
 * StructuredTaskScope (a preview API in JDK 25): forks run in the owner's context when the scope is
 * opened with a ContextPreservingThreadFactory. Compiled and run on JDK 25 only, with preview on.
 */
public final class StructuredConcurrency {
    private static final ContextVar<String> requestId = new ContextVar<>("request_id", "none");

    record Page(String user, String orders) {}

    static String load(String what) {
        return what + " for " + requestId.get();
    }

    static Page handle() throws InterruptedException {
        ThreadFactory forks = new ContextPreservingThreadFactory(Thread.ofVirtual().factory());
        try (var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks))) {
            Subtask<String> user = scope.fork(() -> load("user"));       // sees the request id
            Subtask<String> orders = scope.fork(() -> load("orders"));
            scope.join();
            return new Page(user.get(), orders.get());
        }
    }

    public static void main(String[] args) throws Exception {
        Page page;
        try (Token<String> t = requestId.set("req-42")) {
            page = handle();
        }
        List<String> lines = List.of(page.user(), page.orders());
        System.out.println(String.join("\n", lines));
        if (!lines.equals(List.of("user for req-42", "orders for req-42"))) {
            throw new IllegalStateException("forks did not see the owner's request id: " + lines);
        }
        try (var plain = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow());
                Token<String> t = requestId.set("req-43")) {
            Subtask<String> fork = plain.fork(() -> load("without the factory"));
            plain.join();
            System.out.println(fork.get());   // "without the factory for none": the default factory carries nothing
            if (!fork.get().endsWith("for none")) throw new IllegalStateException(fork.get());
        }
    }
}
