package io.extracontext.examples.threads;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A virtual thread for every task (JDK 21+), each task in a copy of its submitter's context: one call,
 * {@code ExtraContext.newVirtualThreadPerTaskExecutor()}. This example is compiled for Java 17 like the
 * library; on a JDK without virtual threads it prints why it is skipped.
 */
public final class VirtualThreads {
    private static final ContextVar<String> requestId = new ContextVar<>("request_id", "none");

    public static void main(String[] args) throws Exception {
        if (Runtime.version().feature() < 21) {
            try {
                ExtraContext.newVirtualThreadPerTaskExecutor();
            } catch (UnsupportedOperationException expected) {
                System.out.println("   skipped: " + expected.getMessage());
                return;
            }
        }
        Transcript out = new Transcript();
        try (ContextPreservingExecutor executor = ExtraContext.newVirtualThreadPerTaskExecutor()) {
            // A thousand requests, each submitted with its own id, each handled on its own virtual thread.
            List<Future<String>> handled = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                try (Token<String> t = requestId.set("req-" + i)) {
                    handled.add(executor.submit(() -> {
                        String seen = requestId.get();
                        requestId.set("changed by the handler");      // stays in this task
                        return seen;
                    }));
                }
            }
            int wrong = 0;
            for (int i = 0; i < handled.size(); i++) {
                if (!handled.get(i).get(10, TimeUnit.SECONDS).equals("req-" + i)) wrong++;
            }
            out.println("1000 requests on virtual threads, " + wrong + " saw a wrong id");

            // Async stages on it: each stage starts from the context of the code that registered it.
            try (Token<String> t = requestId.set("req-async")) {
                String page = ExtraContext.supplyAsync(() -> "row of " + requestId.get(), executor)
                        .thenApplyAsync(row -> row + ", rendered for " + requestId.get(), executor)
                        .get(10, TimeUnit.SECONDS);
                out.println(page);
            }
        }
        out.println("the submitter's id afterwards: " + requestId.get());
        out.expect(List.of(
                "1000 requests on virtual threads, 0 saw a wrong id",
                "row of req-async, rendered for req-async",
                "the submitter's id afterwards: none"));
    }
}
