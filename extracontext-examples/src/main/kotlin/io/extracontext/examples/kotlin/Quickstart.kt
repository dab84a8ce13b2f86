package io.extracontext.examples.kotlin

import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.examples.Transcript
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit

/**
 * The `contextvars` quickstart and the request-id walkthrough, in Kotlin:
 * a [ContextVar] with a default, set per request and reset in `finally` (or with `use`), while the
 * other requests run on other pool threads at the same time.
 */
private val currentUser = ContextVar("current_user", "Guest")    // module level, created once
private val requestId = ContextVar<String>("request_id")

private fun CyclicBarrier.pause() {
    await(10, TimeUnit.SECONDS)
}

private fun handleRequest(sleep: CyclicBarrier, userName: String): List<String> {
    val token = currentUser.set(userName)
    try {
        val first = "Task for $userName: Currently handled by ${currentUser.get()}"
        sleep.pause()                                  // await asyncio.sleep(0.1): the other request runs
        return listOf(first, "Task for $userName: Still handled by ${currentUser.get()}")
    } finally {
        currentUser.reset(token)
    }
}

// The walkthrough's helper finds the request id in the context; it is not passed down.
private fun processUserAction(await: CyclicBarrier, user: String): String = "[$user] Processing action for request_id: ${requestId.get()}".also { await.pause() }

private fun handleRequestId(await: CyclicBarrier, user: String): List<String> = requestId.set("req-$user").use {                  // a Token is AutoCloseable: reset on exit
    listOf(
        "[$user] Set request_id to: ${requestId.get()}",
        processUserAction(await, user),
        "[$user] Final for request_id: ${requestId.get()}",
    )
}

fun main() {
    val out = Transcript()
    out.println("Before tasks: ${currentUser.get()}")
    ContextPreservingExecutor(3).use { loop ->
        val sleep = CyclicBarrier(2)
        listOf("Alice", "Bob")
            .map { user -> loop.submit(Callable { handleRequest(sleep, user) }) }   // asyncio.gather
            .forEach { it.get(10, TimeUnit.SECONDS).forEach(out::println) }
        out.println("After tasks: ${currentUser.get()}")           // back to the default

        val await = CyclicBarrier(3)
        listOf("alice", "bob", "carol")
            .map { user -> loop.submit(Callable { handleRequestId(await, user) }) }
            .forEach { it.get(10, TimeUnit.SECONDS).forEach(out::println) }
    }
    out.expect(
        listOf(
            "Before tasks: Guest",
            "Task for Alice: Currently handled by Alice",
            "Task for Alice: Still handled by Alice",
            "Task for Bob: Currently handled by Bob",
            "Task for Bob: Still handled by Bob",
            "After tasks: Guest",
        ) + listOf("alice", "bob", "carol").flatMap {
            listOf(
                "[$it] Set request_id to: req-$it",
                "[$it] Processing action for request_id: req-$it",
                "[$it] Final for request_id: req-$it",
            )
        },
    )
}
