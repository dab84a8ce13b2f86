package io.extracontext.examples.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.coroutines.ContextElement
import io.extracontext.examples.Transcript
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.future.await
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.util.concurrent.CompletableFuture

/**
 * Usage guide, "Cross-Thread Context Preservation", as written there: coroutines (the asyncio tasks)
 * hand blocking work to a ContextPreservingExecutor (`loop.run_in_executor`), and the blocking part
 * on the pool thread sees the value of the coroutine that sent it.
 */
private val ctx = ContextLocal()
private var value: Int by ctx

private fun syncPart(): String = "sync part sees $value on a pool thread"

fun main() = runBlocking(ContextElement()) {
    val out = Transcript()
    ContextPreservingExecutor(4).use { executor ->
        (0 until 10).map { v ->
            launch(Dispatchers.Default) {                                       // tg.create_task(async_task(executor, v))
                value = v
                val seen = CompletableFuture.supplyAsync(::syncPart, executor).await()   // run_in_executor
                out.println(seen)
            }
        }.joinAll()
    }
    out.expectInAnyOrder((0 until 10).map { "sync part sees $it on a pool thread" })
}
