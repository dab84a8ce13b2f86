package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.checkEquals;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.examples.Transcript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Per-request memoization built on a {@link ContextVar} (seed 004, section 5). A global cache would
 * share results between requests (stale data, one user's answer served to another); here the cache
 * lives in the context, so each request (a task on the pool, in its own copy of the context) starts
 * with none, fills its own, and leaves nothing behind on the pooled thread.
 */
public final class PerRequestMemoization {
    // default None: no cache until the first call in a context creates one.
    private static final ContextVar<Map<Object, Object>> localCache = new ContextVar<>("local_cache", null);
    private static final AtomicInteger computations = new AtomicInteger();

    /** The seed's {@code per_context_memoize} decorator. */
    static <A, R> Function<A, R> perContextMemoize(Function<A, R> func) {
        return arg -> {
            Map<Object, Object> cache = localCache.get();
            if (cache == null) {
                // Set in *this* context: the request's task, never the caller or another request.
                cache = new HashMap<>();
                localCache.set(cache);
            }
            @SuppressWarnings("unchecked")
            R result = (R) cache.computeIfAbsent(arg, k -> func.apply(arg));
            return result;
        };
    }

    static final Function<Integer, Integer> expensive = perContextMemoize(x -> {
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
                    return "request " + request + ": " + a + " " + b + " " + c + ", cached keys " + localCache.get().size();
                }));
            }
            for (Future<String> f : requests) {
                out.println(f.get(10, TimeUnit.SECONDS));
            }
        }
        out.println("computations: " + computations.get());
        out.println("cache in the caller's context: " + localCache.get());
        // 7 once per request (3) plus 1, 2, 3 once each: 6, while a global cache would have said 4.
        checkEquals(6, computations.get(), "one computation per distinct argument per request");
        out.expect(List.of(
                "request 1: 49 49 1, cached keys 2",
                "request 2: 49 49 4, cached keys 2",
                "request 3: 49 49 9, cached keys 2",
                "computations: 6",
                "cache in the caller's context: null"));
    }
}
