package io.extracontext.coroutines

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

class SuspendingContextMemoSpec : FunSpec({

    test("coroutines of one request asking for a key at the same time, on several threads, compute it once") {
        val computations = AtomicInteger()
        val profile = SuspendingContextMemo("profile") { id: String -> computations.incrementAndGet(); delay(20); "user $id" }
        runBlocking(ContextElement()) {
            profile.withCache {
                List(16) { async(Dispatchers.Default) { profile("u-1") } }.awaitAll() shouldBe List(16) { "user u-1" }
            }
        }
        computations.get() shouldBe 1
    }

    test("async-aware per-context memoization: two requests never share, and children launched after the first use share it") {
        val computing = Collections.synchronizedList(mutableListOf<String>())
        val expensive = SuspendingContextMemo("local_cache") { x: Int -> computing.add("Computing $x"); delay(1); x * x }
        runBlocking(ContextElement()) {
            val requests = (1..2).map { r ->
                launch(Dispatchers.Default) {                  // a request: a task of its own
                    expensive(3) shouldBe 9                    // first use: the cache is made in this task
                    launch { expensive(3) shouldBe 9; expensive(r) }.join() // started after it: shared
                    expensive(r) shouldBe r * r
                }
            }
            requests.forEach { it.join() }
        }
        computing shouldContainExactlyInAnyOrder listOf("Computing 3", "Computing 3", "Computing 1", "Computing 2")
    }

    test("a failed computation is not cached: its waiters get the exception, and the next call computes again") {
        var attempts = 0
        val started = CompletableDeferred<Unit>()
        val release = CompletableDeferred<Unit>()
        val flaky = SuspendingContextMemo("flaky") { x: Int ->
            attempts++
            if (attempts == 1) { started.complete(Unit); release.await(); error("backend down") }
            x
        }
        runBlocking(ContextElement()) {
            flaky.withCache {
                val first = async { runCatching { flaky(7) } }
                started.await()
                val waiter = async { runCatching { flaky(7) } }
                yield()
                release.complete(Unit)
                first.await().exceptionOrNull()!!.message shouldBe "backend down"
                waiter.await().exceptionOrNull()!!.message shouldContain "backend down"
                flaky.isCached(7) shouldBe false
                flaky(7) shouldBe 7
                flaky(7) shouldBe 7
            }
        }
        attempts shouldBe 2
    }

    test("when the computing coroutine is cancelled, a waiting one computes again; a cancelled waiter changes nothing") {
        val computations = AtomicInteger()
        val started = CompletableDeferred<Unit>()
        val slow = SuspendingContextMemo("slow") { x: Int ->
            if (computations.incrementAndGet() == 1) { started.complete(Unit); delay(60_000) }
            x + 1
        }
        runBlocking(ContextElement()) {
            withTimeout(10_000) {
                slow.withCache {
                    val computing = launch { slow(1) }
                    started.await()
                    val impatient = launch { slow(1) }
                    val patient = async { slow(1) }
                    yield()
                    impatient.cancel()
                    computing.cancel()
                    patient.await() shouldBe 2
                    slow.isCached(1) shouldBe true
                }
            }
        }
        computations.get() shouldBe 2
    }

    test("null keys and results are cached, and withCache removes its cache afterwards") {
        var calls = 0
        val memo = SuspendingContextMemo<String?, String?>("nullable") { calls++; it }
        runBlocking(ContextElement()) {
            memo.withCache {
                memo(null) shouldBe null
                memo(null) shouldBe null
                memo.isCached(null) shouldBe true
            }
            memo.isCached(null) shouldBe false
        }
        calls shouldBe 1
    }

    test("a coroutine without a ContextElement is refused with a message saying what to add") {
        val memo = SuspendingContextMemo("orphan") { x: Int -> x }
        runBlocking {
            shouldThrow<IllegalStateException> { memo(1) }.message shouldContain
                "SuspendingContextMemo 'orphan' needs a coroutine with a ContextElement"
        }
    }
})
