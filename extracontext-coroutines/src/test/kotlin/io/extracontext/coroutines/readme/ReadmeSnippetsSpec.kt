package io.extracontext.coroutines.readme

import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.SuspendingContextMemo
import io.extracontext.coroutines.asContextElement
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

/** The module README's blocks, compiled and run: the README shows them from here (`<!-- from: -->`). */
class ReadmeSnippetsSpec : FunSpec({
    test("each scope of the one rule gives its coroutines a context of their own") {
        val seen = Collections.synchronizedList(mutableListOf<String?>())
        val requestId = ContextVar<String>("request_id")

        suspend fun handle() {
            delay(1)
            seen.add(requestId.getOrNull())
        }

        val scope = CoroutineScope(Dispatchers.Default + SupervisorJob() + ContextElement())   // a long-lived scope
        val job = scope.launch { requestId.set("r-1"); handle() }        // each launch: its own copy
        job.join()
        scope.cancel()

        runBlocking(ContextElement()) { handle() }                        // starts from the caller's values
        runTest(ContextElement()) { handle() }
        withContext(requestId.asContextElement("r-1")) { handle() }       // one block, one value set

        seen.toList() shouldContainExactlyInAnyOrder listOf("r-1", null, null, "r-1")
        requestId.isSet() shouldBe false
    }

    test("concurrent calls of a suspending memo for one key compute it once") {
        val calls = AtomicInteger()
        val http = object {
            suspend fun get(path: String): String {
                calls.incrementAndGet()
                delay(10)
                return "profile of $path"
            }
        }
        runBlocking(ContextElement()) {
            val profile = SuspendingContextMemo("profile") { id: String -> http.get("/users/$id") }
            val results = profile.withCache { List(4) { async { profile("u-1") } }.awaitAll() }   // one call to the backend
            results shouldBe List(4) { "profile of /users/u-1" }
        }
        calls.get() shouldBe 1
    }
})
