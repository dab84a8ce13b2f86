package io.extracontext.examples.kotlin

import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.examples.Transcript
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Per-request memoization on a [ContextVar] (seed 004, section 5), in Kotlin: the cache lives in the
 * context, so each request (a pool task in its own copy of the context) fills its own and shares
 * nothing with the others, where a global cache would serve one request's results to another.
 */
private val localCache = ContextVar<MutableMap<Any?, Any?>?>("local_cache", null)
private val computations = AtomicInteger()

/** The seed's `per_context_memoize` decorator. */
private fun <A, R> perContextMemoize(func: (A) -> R): (A) -> R = { arg ->
    val cache = localCache.get() ?: HashMap<Any?, Any?>().also { localCache.set(it) }   // set in this context only
    @Suppress("UNCHECKED_CAST")
    cache.getOrPut(arg) { func(arg) } as R
}

private val expensive: (Int) -> Int = perContextMemoize { x ->
    computations.incrementAndGet()                  // print("Computing", x)
    x * x
}

fun main() {
    val out = Transcript()
    computations.set(0)
    val together = CyclicBarrier(3)
    ContextPreservingExecutor(3).use { server ->
        (1..3).map { request ->
            server.submit(Callable {
                together.await(10, TimeUnit.SECONDS)      // the three requests run at the same time
                val a = expensive(7)
                val b = expensive(7)                      // a hit
                val c = expensive(request)
                "request $request: $a $b $c, cached keys ${localCache.get()!!.size}"
            })
        }.forEach { out.println(it.get(10, TimeUnit.SECONDS)) }
    }
    out.println("computations: ${computations.get()}")
    out.println("cache in the caller's context: ${localCache.get()}")
    check(computations.get() == 6) { "one computation per distinct argument per request" }
    out.expect(
        listOf(
            "request 1: 49 49 1, cached keys 2",
            "request 2: 49 49 4, cached keys 2",
            "request 3: 49 49 9, cached keys 2",
            "computations: 6",
            "cache in the caller's context: null",
        ),
    )
}
