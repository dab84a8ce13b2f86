package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.checkEquals;

import io.extracontext.ContextMemo;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.examples.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-request memoization with the library's {@link ContextMemo}. A global
 * cache would share results between requests (stale data, one user's answer served to another);
 * here the cache lives in the context, so each request (a task on the pool, in its own copy of the
 * context) starts with none, fills its own, and leaves nothing behind on the pooled thread.
 */
public final class PerRequestMemoization {
    private static final AtomicInteger computations = new AtomicInteger();

    /** Python's {@code @per_context_memoize def expensive(x)}: a {@code Function} whose cache is per context. */
    static final ContextMemo<Integer, Integer> expensive = new ContextMemo<>("local_cache", x -> {
        computations.incrementAndGet();     // print("Computing", x)
        return x * x;
    });

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        computations.set(0);
        CyclicBarrier together = new CyclicBarrier(3);     // the three requests run at the same time
        try (ContextPreservingExecutor server = new ContextPreservingExecutor(3)) {
            List<Future<String>> requests = new ArrayList<>();
            for (int r = 1; r <= 3; r++) {
                int request = r;
                requests.add(server.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    int a = expensive.apply(7);
                    int b = expensive.apply(7);             // a hit: computed once in this request
                    int c = expensive.apply(request);       // a different argument per request
                    return "request " + request + ": " + a + " " + b + " " + c + ", 7 cached: " + expensive.isCached(7);
                }));
            }
            for (Future<String> f : requests) {
                out.println(f.get(10, TimeUnit.SECONDS));
            }
        }
        out.println("computations: " + computations.get());
        out.println("7 cached in the caller's context: " + expensive.isCached(7));
        // 7 once per request (3) plus 1, 2, 3 once each: 6, while a global cache would have said 4.
        checkEquals(6, computations.get(), "one computation per distinct argument per request");
        out.expect(List.of(
                "request 1: 49 49 1, 7 cached: true",
                "request 2: 49 49 4, 7 cached: true",
                "request 3: 49 49 9, 7 cached: true",
                "computations: 6",
                "7 cached in the caller's context: false"));
    }
}
