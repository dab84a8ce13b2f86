package io.extracontext.examples.coroutines

import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.SuspendingContextMemo
import io.extracontext.examples.Transcript
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.util.concurrent.atomic.AtomicInteger

/**
 * Per-request memoization made async-aware, with [SuspendingContextMemo]:
 * three request coroutines run at once; inside each, three child coroutines ask for the same user
 * at the same moment, and the backend is called once per request, never shared between requests.
 */
private val backendCalls = AtomicInteger()

private val profile = SuspendingContextMemo("profile") { user: String ->
    backendCalls.incrementAndGet()
    delay(20)                                               // await http.get(...)
    "profile of $user"
}

fun main() = runBlocking(ContextElement()) {
    val out = Transcript()
    backendCalls.set(0)
    listOf("r-1", "r-2", "r-3").map { request ->
        launch(Dispatchers.Default) {                       // a request, handled on a pool
            profile.withCache {                             // this request's cache
                val views = List(3) { async { profile("alice") } }.awaitAll()   // asked at the same time
                out.println("$request: ${views.distinct().single()}, cached ${profile.isCached("alice")}")
            }
        }
    }.forEach { it.join() }
    out.println("backend calls: ${backendCalls.get()}")
    Transcript.checkEquals(3, backendCalls.get(), "one backend call per request, shared by its three coroutines")
    out.expectInAnyOrder(
        listOf(
            "r-1: profile of alice, cached true",
            "r-2: profile of alice, cached true",
            "r-3: profile of alice, cached true",
            "backend calls: 3",
        ),
    )
}
