package io.extracontext.examples.coroutines

import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.examples.Transcript
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The `contextvars` quickstart and request-id example with coroutines: each request
 * coroutine sets `request_id` with a token and resets it in `finally`; all three are in flight at
 * once (a deferred releases them together, standing in for `asyncio.sleep`), and none sees another's.
 */
private val requestId = ContextVar("request_id", "none")

fun main() = runBlocking(ContextElement()) {
    val out = Transcript()
    val allStarted = CompletableDeferred<Unit>()
    var started = 0

    suspend fun processUserAction(user: String) {
        out.println("[$user] Processing action for request_id: ${requestId.get()}")
        allStarted.await()                                    // await asyncio.sleep(0.1)
        out.println("[$user] Final for request_id: ${requestId.get()}")
    }

    val users = listOf("alice", "bob", "carol")
    users.map { user ->
        launch(Dispatchers.Default) {                        // asyncio.create_task(handle_request(u))
            val token = requestId.set("req-$user")
            try {
                out.println("[$user] Set request_id to: ${requestId.get()}")
                synchronized(users) { if (++started == users.size) allStarted.complete(Unit) }
                processUserAction(user)
            } finally {
                requestId.reset(token)
            }
        }
    }.joinAll()

    Transcript.checkEquals("none", requestId.get(), "request_id after the tasks")
    out.expectInAnyOrder(
        users.flatMap {
            listOf(
                "[$it] Set request_id to: req-$it",
                "[$it] Processing action for request_id: req-$it",
                "[$it] Final for request_id: req-$it",
            )
        },
    )
}
