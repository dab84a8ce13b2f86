package io.extracontext.examples.kotlin

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.examples.Transcript
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit

/**
 * Usage guide, "Asyncio Support", in Kotlin with threads: ten tasks on a pool each set `value`, meet
 * at a barrier (the `await asyncio.sleep(0)`: everyone has written before anyone reads), and each
 * still sees its own. Each pool task runs in its own copy of the submitter's context. (With
 * coroutines, `extracontext-coroutines` gives each `launch`/`async` its own context the same way.)
 */
private val ctx = ContextLocal()
private var value: Int by ctx

fun main() {
    val out = Transcript()
    val sleep0 = CyclicBarrier(10)
    ContextPreservingExecutor(10).use { loop ->
        val tasks = (0 until 10).map { v ->
            loop.submit(
                Callable {                      // async def task(value)
                    value = v
                    sleep0.await(10, TimeUnit.SECONDS)      // await asyncio.sleep(0)
                    check(value == v) { "other tasks don't interfere" }
                    "task $v sees $value"
                },
            )
        }
        tasks.forEach { out.println(it.get(10, TimeUnit.SECONDS)) }   // await asyncio.gather(...)
    }
    out.expect((0 until 10).map { "task $it sees $it" })
}
