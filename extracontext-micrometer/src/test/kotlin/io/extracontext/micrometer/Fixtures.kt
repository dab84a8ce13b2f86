package io.extracontext.micrometer

import io.extracontext.ContextCell
import io.extracontext.ContextVar
import io.extracontext.spi.CurrentCell
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.TimeUnit

val requestId = ContextVar<String>("request_id")
val user = ContextVar("user", "anonymous")

/** The cell installed on this thread: `null` is the empty root, what a clean pooled thread holds. */
fun installedCell(): ContextCell? = CurrentCell.get()

/** What a probe task sees on every worker of [pool] ([threads] of them): the installed cell and the request id. */
fun probeWorkers(pool: ExecutorService, threads: Int): List<Pair<ContextCell?, String?>> {
    // All probes wait at one latch, so each runs on a different worker and every worker is seen.
    val allIn = CountDownLatch(threads)
    val probes = List(threads) {
        pool.submit(
            Callable {
                allIn.countDown()
                check(allIn.await(10, TimeUnit.SECONDS)) { "probe tasks did not all start: pool has fewer than $threads threads" }
                installedCell() to requestId.getOrNull()
            },
        )
    }
    return probes.map { it.get(10, TimeUnit.SECONDS) }
}

/** Runs [block] with the request id set, and resets it in a finally. */
fun <R> withRequestId(id: String, block: () -> R): R = requestId.withValue(id, block)
