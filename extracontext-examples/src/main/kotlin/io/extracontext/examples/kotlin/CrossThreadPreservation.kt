package io.extracontext.examples.kotlin

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.examples.Transcript
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * Usage guide, "Cross-Thread Context Preservation", in Kotlin: ten tasks each set their own value
 * and hand a blocking call to a [ContextPreservingExecutor]; each call sees the value of the task
 * that submitted it, because the pool captures the context at submission.
 */
private val ctx = ContextLocal()
private var value: Int by ctx

fun main() {
    val out = Transcript()
    val allRunning = CountDownLatch(10)
    ContextPreservingExecutor(10).use { executor ->
        val calls = (0 until 10).map { v ->
            ctx.run {                                         // async_task(executor, value), isolated
                value = v
                executor.submit(
                    Runnable {                     // sync_part() on a worker
                        allRunning.countDown()
                        check(allRunning.await(10, TimeUnit.SECONDS)) { "all ten calls ran concurrently" }
                        out.println("sync_part on a worker sees $value")
                        check(value == v) { "the call sees its own task's value" }
                    },
                )
            }
        }
        calls.forEach { it.get(10, TimeUnit.SECONDS) }
    }
    out.expectInAnyOrder((0 until 10).map { "sync_part on a worker sees $it" })
}
