package io.extracontext.examples.kotlin

import io.extracontext.ContextMemo
import io.extracontext.ContextPreservingExecutor
import io.extracontext.examples.Transcript
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * Per-request memoization, in Kotlin, with the library's [ContextMemo]: the
 * cache lives in the context, so each request (a pool task in its own copy of the context) fills
 * its own and shares nothing with the others, where a global cache would serve one request's
 * results to another.
 */
private val computations = AtomicInteger()

/** Python's `@per_context_memoize def expensive(x)`. */
private val expensive = ContextMemo("local_cache") { x: Int ->
    computations.incrementAndGet()                  // print("Computing", x)
    x * x
}

fun main() {
    val out = Transcript()
    computations.set(0)
    val together = CyclicBarrier(3)
    ContextPreservingExecutor(3).use { server ->
        (1..3).map { request ->
            server.submit(
                Callable {
                    together.await(10, TimeUnit.SECONDS)      // the three requests run at the same time
                    val a = expensive(7)
                    val b = expensive(7)                      // a hit
                    val c = expensive(request)
                    "request $request: $a $b $c, 7 cached: ${expensive.isCached(7)}"
                },
            )
        }.forEach { out.println(it.get(10, TimeUnit.SECONDS)) }
    }
    out.println("computations: ${computations.get()}")
    out.println("7 cached in the caller's context: ${expensive.isCached(7)}")
    check(computations.get() == 6) { "one computation per distinct argument per request" }
    out.expect(
        listOf(
            "request 1: 49 49 1, 7 cached: true",
            "request 2: 49 49 4, 7 cached: true",
            "request 3: 49 49 9, 7 cached: true",
            "computations: 6",
            "7 cached in the caller's context: false",
        ),
    )
}
