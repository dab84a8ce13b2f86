package io.extracontext.examples.coroutines

import io.extracontext.ContextLocal
import io.extracontext.coroutines.ContextElement
import io.extracontext.examples.Transcript
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/**
 * Usage guide, "Asyncio Support", with coroutines: ten coroutines each set `value`, suspend and hop
 * threads, and each still sees its own, though they share the few threads of Dispatchers.Default.
 * The root scope carries a ContextElement: from there every `async` child starts from its own copy.
 */
private val ctx = ContextLocal()
private var value: Int by ctx

fun main() = runBlocking(ContextElement()) {
    val out = Transcript()
    suspend fun task(v: Int): String {                   // async def task(value)
        value = v
        yield()                                          // await asyncio.sleep(0)
        withContext(Dispatchers.IO) { yield() }          // a thread hop keeps the coroutine's values
        check(value == v) { "other tasks don't interfere" }
        return "task $v sees $value"
    }
    val results = (0 until 10).map { v -> async(Dispatchers.Default) { task(v) } }.awaitAll()   // gather
    results.forEach(out::println)
    Transcript.check(!ctx.hasAttribute("value"), "the tasks' writes stay in the tasks")
    out.expect((0 until 10).map { "task $it sees $it" })
}
