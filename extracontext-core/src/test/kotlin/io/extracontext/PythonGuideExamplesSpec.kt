package io.extracontext

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit

/** The examples of the Python library's usage guide and of the `contextvars` quickstart, tutorial and usage patterns, one test each, with threads standing in for asyncio tasks. */
class PythonGuideExamplesSpec : FunSpec({

    test("the contextvars quickstart: concurrent requests each see their own user, and the default is back after") {
        val currentUser = ContextVar("current_user", "Guest")
        val bothSet = CyclicBarrier(2)
        val lines = Collections.synchronizedList(mutableListOf<String>())
        fun handleRequest(userName: String) {
            val token = currentUser.set(userName)
            try {
                lines.add("Task for $userName: Currently handled by ${currentUser.get()}")
                bothSet.await(10, TimeUnit.SECONDS) // both requests are in flight at once
                lines.add("Task for $userName: Still handled by ${currentUser.get()}")
            } finally {
                currentUser.reset(token)
            }
        }
        currentUser.get() shouldBe "Guest"
        ContextPreservingExecutor(2).use { pool ->
            listOf("Alice", "Bob").map { pool.submit { handleRequest(it) } }.forEach { it.get() }
        }
        currentUser.get() shouldBe "Guest"
        lines shouldContainExactlyInAnyOrder listOf(
            "Task for Alice: Currently handled by Alice",
            "Task for Alice: Still handled by Alice",
            "Task for Bob: Currently handled by Bob",
            "Task for Bob: Still handled by Bob",
        )
    }

    test("the request-id tutorial's real-world example: three users' request ids never interfere") {
        val requestId = ContextVar<String>("request_id")
        val allSet = CyclicBarrier(3)
        val lines = Collections.synchronizedList(mutableListOf<String>())
        fun processUserAction(user: String) {
            lines.add("[$user] Processing action for request_id: ${requestId.get()}")
            allSet.await(10, TimeUnit.SECONDS)
            lines.add("[$user] Final for request_id: ${requestId.get()}")
        }
        fun handleRequest(user: String) {
            val token = requestId.set("req-$user")
            try {
                processUserAction(user)
            } finally {
                requestId.reset(token)
            }
        }
        ContextPreservingExecutor(3).use { pool ->
            listOf("alice", "bob", "carol").map { pool.submit { handleRequest(it) } }.forEach { it.get() }
        }
        for (user in listOf("alice", "bob", "carol")) {
            lines.filter { it.startsWith("[$user]") }.all { it.endsWith("req-$user") } shouldBe true
        }
        lines.size shouldBe 6
    }

    test("the tutorial's copy_context example: a copied context runs later with the values of the copy") {
        val v = ContextVar("var", "Hello!")
        Context().run {
            v.set("Hello, World!")
            val ctx = copyContext()
            v.set("Hello, Pythonista!")
            ctx.run { v.get() } shouldBe "Hello, World!"
            v.get() shouldBe "Hello, Pythonista!"
        }
    }

    test("basic usage: set, read and reset a request id with a None default") {
        val requestId = ContextVar<String?>("request_id", null)
        val token = requestId.set("abc-123")
        requestId.get() shouldBe "abc-123"
        requestId.reset(token)
        requestId.get() shouldBe null
    }

    test("threads: a worker sees the marker only through a copied context") {
        val marker = ContextVar("marker", "none")
        marker.withValue("main-context") {
            val ctx = copyContext()
            var plain: String? = null
            var copied: String? = null
            kotlin.concurrent.thread { plain = marker.get() }.join()
            kotlin.concurrent.thread { copied = ctx.run { marker.get() } }.join()
            plain shouldBe "none"
            copied shouldBe "main-context"
        }
    }

    test("per-context memoization: each request computes once, requests never share a cache") {
        val localCache = ContextVar<MutableMap<Int, Int>?>("local_cache", null)
        val computed = Collections.synchronizedList(mutableListOf<Int>())
        fun expensive(x: Int): Int {
            val cache = localCache.get() ?: HashMap<Int, Int>().also { localCache.set(it) }
            return cache.getOrPut(x) { computed.add(x); x * x }
        }
        fun request(): List<Int> = Context().run { listOf(expensive(3), expensive(3), expensive(4)) }
        request() shouldBe listOf(9, 9, 16)
        request() shouldBe listOf(9, 9, 16)
        computed shouldBe listOf(3, 4, 3, 4)
        localCache.get() shouldBe null
    }

    test("with_request_id: a scoped setting restored in finally, visible to the logger inside") {
        val requestId = ContextVar<String?>("request_id", null)
        val logged = mutableListOf<String>()
        fun logInfo(message: String) { logged.add("$message request_id=${requestId.get()}") }
        fun handleRequest(rid: String) = requestId.withValue(rid) { logInfo("Processing request") }
        handleRequest("r-1")
        handleRequest("r-2")
        logged shouldBe listOf("Processing request request_id=r-1", "Processing request request_id=r-2")
        requestId.get() shouldBe null
    }

    test("the usage guide's cross-thread preservation: ten callers' blocking parts each see their caller's value") {
        val ctx = ContextLocal()
        val seen = Collections.synchronizedList(mutableListOf<Int>())
        ContextPreservingExecutor(4).use { executor ->
            val callers = (0 until 10).map { value ->
                ctx.run {
                    ctx.setAttribute("value", value)
                    executor.submit(Callable { ctx.getAttribute("value") as Int })
                }
            }
            callers.forEach { seen.add(it.get()) }
        }
        seen shouldBe (0 until 10).toList()
    }
})
