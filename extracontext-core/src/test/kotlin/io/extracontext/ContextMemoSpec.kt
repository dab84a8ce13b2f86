package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.ref.WeakReference
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

class ContextMemoSpec : FunSpec({

    test("per-context memoization (Python's per_context_memoize recipe): a result is computed once per context, and each context computes its own") {
        val computing = Collections.synchronizedList(mutableListOf<String>())
        val expensive = ContextMemo("local_cache") { x: Int -> computing.add("Computing $x"); x * x }
        Context().run {
            expensive(3) shouldBe 9
            expensive(3) shouldBe 9
            expensive(4) shouldBe 16
        }
        Context().run { expensive(3) shouldBe 9 }
        computing shouldContainExactly listOf("Computing 3", "Computing 4", "Computing 3")
    }

    test("two requests on a pool, running at the same time, never share results") {
        val computations = AtomicInteger()
        val square = ContextMemo("square") { x: Int -> computations.incrementAndGet(); x * x }
        val together = CyclicBarrier(3)
        ContextPreservingExecutor(3).use { pool ->
            val requests = (1..3).map { r ->
                pool.submit(
                    Callable {
                        together.await(10, TimeUnit.SECONDS)
                        listOf(square(7), square(7), square(r))
                    },
                )
            }
            requests.map { it.get(10, TimeUnit.SECONDS) } shouldBe listOf(listOf(49, 49, 1), listOf(49, 49, 4), listOf(49, 49, 9))
        }
        computations.get() shouldBe 6
    }

    test("isolated blocks, scopes, sequences and pool tasks started after the first use share the request's cache") {
        val computations = AtomicInteger()
        val memo = ContextMemo("shared") { x: String -> computations.incrementAndGet(); x.uppercase() }
        val ns = ContextLocal()
        ContextPreservingExecutor(2).use { pool ->
            Context().run {
                memo("a") shouldBe "A"
                ns.run { memo("a") shouldBe "A"; memo("b") }
                ns.enter().use { memo("b") }
                ns.sequence { yield(memo("b")) }.toList() shouldBe listOf("B")
                pool.submit(Callable { memo("a") + memo("b") }).get() shouldBe "AB"
                computations.get() shouldBe 2
                memo.isCached("b") shouldBe true // what the isolated block computed is in the shared cache
            }
        }
    }

    test("a cache first made inside an isolated block belongs to that block only, so withCache opens it where the request starts") {
        val computations = AtomicInteger()
        val memo = ContextMemo("late") { x: Int -> computations.incrementAndGet(); x }
        val ns = ContextLocal()
        Context().run {
            ns.run { memo(1) }
            memo.isCached(1) shouldBe false
            memo(1)
            computations.get() shouldBe 2
        }
        computations.set(0)
        Context().run {
            memo.withCache {
                ns.run { memo(1) }
                memo(1)
                memo.isCached(1) shouldBe true
            }
            memo.isCached(1) shouldBe false // gone with the block
        }
        computations.get() shouldBe 1
    }

    test("many pool tasks asking for one key of the request's cache at the same moment compute it once") {
        val computations = AtomicInteger()
        val memo = ContextMemo("once") { x: Int -> computations.incrementAndGet(); Thread.sleep(5); x + 1 }
        val barrier = CyclicBarrier(8)
        ContextPreservingExecutor(8).use { pool ->
            memo.withCache {
                val results = List(8) { pool.submit(Callable { barrier.await(10, TimeUnit.SECONDS); memo(41) }) }
                results.map { it.get(10, TimeUnit.SECONDS) } shouldBe List(8) { 42 }
            }
        }
        computations.get() shouldBe 1
    }

    test("a computation that throws is not cached, and the next call computes again") {
        var attempts = 0
        val flaky = ContextMemo("flaky") { x: Int -> attempts++; if (attempts == 1) error("backend down") else x }
        Context().run {
            shouldThrow<IllegalStateException> { flaky(5) }.message shouldBe "backend down"
            flaky.isCached(5) shouldBe false
            flaky(5) shouldBe 5
            flaky(5) shouldBe 5
        }
        attempts shouldBe 2
    }

    test("null keys and null results are cached like any other") {
        var calls = 0
        val memo = ContextMemo<String?, String?>("nullable") { calls++; it?.let { "[$it]" } }
        Context().run {
            memo(null) shouldBe null
            memo(null) shouldBe null
            memo("x") shouldBe "[x]"
            memo.isCached(null) shouldBe true
        }
        calls shouldBe 2
    }

    test("a recursive memoized function works across keys and is refused, with its name, when it needs its own key") {
        lateinit var fib: ContextMemo<Int, Long>
        fib = ContextMemo("fib") { n: Int -> if (n < 2) n.toLong() else fib(n - 1) + fib(n - 2) }
        lateinit var loop: ContextMemo<Int, Int>
        loop = ContextMemo("loop") { n: Int -> loop(n) }
        Context().run {
            fib(80) shouldBe 23416728348467685L
            shouldThrow<IllegalStateException> { loop(1) }.message shouldContain "ContextMemo 'loop' was called for key 1 while computing it"
        }
    }

    test("invalidate drops one result, and the next call computes it again") {
        var calls = 0
        val memo = ContextMemo("inv") { x: Int -> calls++; x }
        Context().run {
            memo(1)
            memo.invalidate(1) shouldBe true
            memo.invalidate(1) shouldBe false
            memo(1)
        }
        calls shouldBe 2
    }

    test("withCache removes its cache afterwards, also when the block throws, and leaves an outer cache alone") {
        val memo = ContextMemo("scoped") { x: Int -> x }
        Context().run {
            memo(1)
            shouldThrow<IllegalStateException> { memo.withCache { memo(2); error("request failed") } }
            memo.isCached(1) shouldBe true
            memo.isCached(2) shouldBe false
        }
    }

    test("the results are gone with the context: nothing else holds them") {
        val memo = ContextMemo("big") { n: Int -> ByteArray(n) }
        fun useAndDrop(): WeakReference<ByteArray> {
            val ctx = Context()
            return ctx.run { WeakReference(memo(1024)) }
        }
        val ref = useAndDrop()
        ref.collectedWithin() shouldBe true
        memo.withCache { WeakReference(memo(2048)) }.collectedWithin() shouldBe true
    }
})
