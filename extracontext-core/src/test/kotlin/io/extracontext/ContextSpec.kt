package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

@OptIn(ExtraContextSpi::class)
class ContextSpec : FunSpec({

    test("run returns the block's result and makes the context current only inside the block") {
        val v = ContextVar<String>("v")
        val ctx = Context()
        ctx.run { v.set("inside"); v.get() } shouldBe "inside"
        v.isSet() shouldBe false
        ctx[v] shouldBe "inside"
    }

    test("changes made inside run stay in the context object, also when the block throws") {
        val v = ContextVar<Int>("v")
        val ctx = Context()
        shouldThrow<IllegalStateException> { ctx.run { v.set(1); error("boom") } }
        ctx[v] shouldBe 1
        v.isSet() shouldBe false
    }

    test("running a context that is already entered on this thread throws IllegalStateException") {
        val ctx = Context()
        val e = shouldThrow<IllegalStateException> { ctx.run { ctx.run { } } }
        e.message shouldContain "already entered"
        ctx.run { "reusable after the failed attempt" } shouldBe "reusable after the failed attempt"
    }

    test("running a context entered on another thread throws IllegalStateException") {
        val ctx = Context()
        val entered = CountDownLatch(1)
        val release = CountDownLatch(1)
        val other = thread { ctx.run { entered.countDown(); release.await() } }
        entered.await()
        try {
            shouldThrow<IllegalStateException> { ctx.run { } }
        } finally {
            release.countDown()
            other.join()
        }
        ctx.run { 1 } shouldBe 1
    }

    test("copyContext snapshots the current values: later writes on either side stay on that side") {
        val v = ContextVar("var", "Hello!")
        Context().run {
            v.set("Hello, World!")
            val snapshot = copyContext()
            v.set("Hello, Pythonista!")
            snapshot.run { v.get() } shouldBe "Hello, World!"
            v.get() shouldBe "Hello, Pythonista!"
            snapshot.run { v.set("changed in the copy") }
            v.get() shouldBe "Hello, Pythonista!"
        }
    }

    test("a copy shares storage with its source until one of them is written") {
        val v = ContextVar<Int>("v")
        val ctx = Context().also { it.run { v.set(1) } }
        val copy = ctx.copy()
        copy.vars shouldBeSameInstanceAs ctx.vars
        copy.run { v.set(2) }
        ctx[v] shouldBe 1
        copy[v] shouldBe 2
    }

    test("as a map a context ignores defaults and shows only the variables set in it") {
        val withDefault = ContextVar("d", "default")
        val a = ContextVar<Int>("a")
        val b = ContextVar<String?>("b")
        val ctx = Context()
        ctx.run { a.set(1); b.set(null) }
        ctx.containsKey(withDefault) shouldBe false
        ctx[withDefault] shouldBe null
        ctx.size shouldBe 2
        ctx.keys shouldContainExactlyInAnyOrder listOf(a, b)
        ctx.values shouldContainExactlyInAnyOrder listOf(1, null)
        ctx.containsValue(null) shouldBe true
        ctx.entries.associate { it.key to it.value } shouldBe mapOf(a to 1, b to null)
    }

    test("contexts with the same contents are equal, to each other and to plain maps") {
        val a = ContextVar<Int>("a")
        val one = Context().also { it.run { a.set(1) } }
        val two = Context().also { it.run { a.set(1) } }
        one shouldBe two
        one.hashCode() shouldBe two.hashCode()
        (one == mapOf<ContextVar<*>, Any?>(a to 1)) shouldBe true
        two.run { a.set(2) }
        one shouldNotBe two
        Context() shouldBe emptyMap<ContextVar<*>, Any?>()
    }

    test("wrap runs every call in a fresh copy of the context") {
        val counter = ContextVar("counter", 0)
        val ctx = Context().also { it.run { counter.set(10) } }
        val task = ctx.wrap(Callable { counter.set(counter.get() + 1); counter.get() })
        task.call() shouldBe 11
        task.call() shouldBe 11
        ctx[counter] shouldBe 10
        var seen = -1
        ctx.wrap(Runnable { seen = counter.get() }).run()
        seen shouldBe 10
    }

    test("a wrapped task on a thread with no context sets, resets, copies and enters its own copy, and leaves nothing") {
        val counter = ContextVar("counter", 0)
        val ctx = Context().also { it.run { counter.set(10) } }
        val worker = Executors.newSingleThreadExecutor()
        try {
            val seen = worker.submit(
                ctx.wrap(
                    Callable {
                        val token = counter.set(11)
                        val inner = copyContext()
                        counter.reset(token)
                        val entered = Context().run { counter.set(99); counter.get() }
                        listOf(counter.get(), inner[counter], entered)
                    },
                ),
            ).get(10, TimeUnit.SECONDS)
            seen shouldBe listOf(10, 11, 99)
            worker.submit(Callable { Execution.currentCell() }).get(10, TimeUnit.SECONDS) shouldBe null
            ctx[counter] shouldBe 10
        } finally {
            worker.shutdownNow()
        }
    }

    test("a wrapped callable's exceptions propagate unchanged") {
        val failure = java.io.IOException("disk")
        val e = shouldThrow<java.io.IOException> { Context().wrap(Callable<Int> { throw failure }).call() }
        e shouldBeSameInstanceAs failure
    }

    test("toString names the variables") {
        val user = ContextVar<String>("user")
        val ctx = Context().also { it.run { user.set("alice") } }
        ctx.toString() shouldBe "Context{user=alice}"
    }
})

class ThreadIsolationSpec : FunSpec({

    test("ten threads each setting and reading their own value never see each other's") {
        val v = ContextVar<Int>("worker")
        val allSet = CountDownLatch(10)
        val seen = IntArray(10) { -1 }
        val threads = (0 until 10).map { i ->
            thread {
                v.set(i)
                allSet.countDown()
                allSet.await() // every thread has written before any reads
                seen[i] = v.get()
            }
        }
        threads.forEach { it.join() }
        seen.toList() shouldBe (0 until 10).toList()
    }

    test("a new thread does not inherit the parent's values") {
        val v = ContextVar<String>("inherited?")
        Context().run {
            v.set("parent")
            var childSaw: Boolean? = null
            thread { childSaw = v.isSet() }.join()
            childSaw shouldBe false
        }
    }

    test("a context copied into a new thread carries the values the parent had at the copy") {
        val marker = ContextVar("marker", "none")
        Context().run {
            marker.set("main-context")
            val ctx = copyContext()
            marker.set("changed later")
            var childSaw: String? = null
            thread { childSaw = ctx.run { marker.get() } }.join()
            childSaw shouldBe "main-context"
        }
    }

    test("threads of a plain pool do not see each other's values, nor a previous task's") {
        val v = ContextVar<Int>("task")
        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit { v.set(1) }.get()
            // Plain pools carry a thread's context from task to task; ContextPreservingExecutor does not.
            pool.submit(Callable { v.getOrNull() }).get() shouldBe 1
            pool.submit { Context().run { v.set(2) } }.get()
            pool.submit(Callable { v.get() }).get() shouldBe 1
            v.isSet() shouldBe false
        } finally {
            pool.shutdown()
            pool.awaitTermination(10, TimeUnit.SECONDS)
        }
    }
})
