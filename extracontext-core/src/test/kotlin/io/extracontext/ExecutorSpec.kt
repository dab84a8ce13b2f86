package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

class ExecutorSpec : FunSpec({

    test("a hundred tasks on a one-thread pool each see their own submitter's value, none the previous task's") {
        val ctx = ContextLocal()
        val seen = Collections.synchronizedList(mutableListOf<String>())
        ContextPreservingExecutor(1).use { pool ->
            val futures = (0 until 100).map { i ->
                ctx.run {
                    ctx.setAttribute("submitter", i)
                    pool.submit {
                        val mine = ctx.getAttribute("submitter")
                        val leftover = ctx.getAttribute("leftover", null)
                        seen.add("$mine/$leftover")
                        ctx.setAttribute("leftover", mine) // must not reach the next task
                    }
                }
            }
            futures.forEach { it.get() }
        }
        seen shouldContainExactly (0 until 100).map { "$it/null" }
    }

    test("tasks see the submitter's values as they were at submission, not later ones") {
        val v = ContextVar<String>("v")
        val release = CountDownLatch(1)
        ContextPreservingExecutor(2).use { pool ->
            Context().run {
                v.set("at submission")
                val future = pool.submit(Callable { release.await(); v.get() })
                v.set("later")
                release.countDown()
                future.get() shouldBe "at submission"
            }
        }
    }

    test("nothing a task sets reaches the submitter, and the worker's own context is back after each task, also after a failure") {
        val v = ContextVar<Int>("v")
        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit { v.set(-1) }.get() // the worker's own value, set outside any wrapped task
            val wrapped = ContextPreservingExecutor.wrap(pool)
            Context().run {
                v.set(1)
                wrapped.submit { v.set(2) }.get()
                shouldThrow<ExecutionException> { wrapped.submit { v.set(3); error("task failed") }.get() }
                v.get() shouldBe 1
            }
            // The worker's own value is a leak on purpose here: the watch of the test kit saw it, by name.
            @OptIn(io.extracontext.ExtraContextSpi::class)
            io.extracontext.spi.LeakProbe.drainWorkerLeaks().single() shouldContain "ContextVar 'v' = -1 (was not set)"
            pool.submit(Callable { v.get() }).get() shouldBe -1
        } finally {
            pool.submit { v.set(0) }.get()
            pool.shutdown()
            pool.awaitTermination(10, TimeUnit.SECONDS)
        }
    }

    test("a pooled thread that had no context gets the root back, holding nothing of the library") {
        val v = ContextVar<Int>("v")
        val raw = Executors.newSingleThreadExecutor()
        ContextPreservingExecutor.wrap(raw).use { pool ->
            Context().run {
                v.set(1)
                pool.submit(Callable { v.get() }).get() shouldBe 1
            }
            // Asked through the raw pool, so the probe itself runs unwrapped on the same worker.
            @OptIn(io.extracontext.ExtraContextSpi::class)
            raw.submit(Callable { io.extracontext.spi.CurrentCell.get() }).get() shouldBe null
        }
    }

    test("invokeAll and invokeAny capture the submitter's context") {
        val v = ContextVar<String>("v")
        ContextPreservingExecutor(2).use { pool ->
            Context().run {
                v.set("caller")
                pool.invokeAll(List(4) { Callable { v.get() } }).map { it.get() } shouldBe List(4) { "caller" }
                pool.invokeAny(List(3) { Callable { v.get() } }) shouldBe "caller"
            }
        }
    }

    test("tasks running at the same time on different workers keep their own values") {
        val v = ContextVar<Int>("v")
        val barrier = CyclicBarrier(4)
        ContextPreservingExecutor(4).use { pool ->
            val futures = (0 until 4).map { i ->
                Context().run {
                    v.set(i)
                    pool.submit(
                        Callable {
                            barrier.await(10, TimeUnit.SECONDS)
                            v.set(v.get() * 10)
                            barrier.await(10, TimeUnit.SECONDS)
                            v.get()
                        },
                    )
                }
            }
            futures.map { it.get() } shouldBe listOf(0, 10, 20, 30)
        }
    }

    test("fixed-rate and fixed-delay tasks run every time in a fresh copy of the submitter's context") {
        val v = ContextVar<Int>("v")
        val scheduled = Executors.newScheduledThreadPool(1)
        val timer = ContextPreservingExecutor.wrap(scheduled)
        try {
            for (periodic in listOf("rate", "delay")) {
                val runs = CountDownLatch(3)
                val seen = Collections.synchronizedList(mutableListOf<Int>())
                val future = Context().run {
                    v.set(7)
                    val task = Runnable {
                        seen.add(v.get())
                        v.set(v.get() + 100) // must not be seen by the next run
                        runs.countDown()
                    }
                    if (periodic == "rate") {
                        timer.scheduleAtFixedRate(task, 0, 1, TimeUnit.MILLISECONDS)
                    } else {
                        timer.scheduleWithFixedDelay(task, 0, 1, TimeUnit.MILLISECONDS)
                    }
                }
                runs.await(10, TimeUnit.SECONDS) shouldBe true
                future.cancel(false)
                synchronized(seen) { seen.take(3) } shouldBe listOf(7, 7, 7)
            }
            Context().run {
                v.set(5)
                timer.schedule(Callable { v.get() }, 1, TimeUnit.MILLISECONDS).get() shouldBe 5
                val ran = CountDownLatch(1)
                var seen = -1
                timer.schedule({ seen = v.get(); ran.countDown() }, 1, TimeUnit.MILLISECONDS)
                ran.await(10, TimeUnit.SECONDS) shouldBe true
                seen shouldBe 5
            }
        } finally {
            timer.shutdown()
            timer.awaitTermination(10, TimeUnit.SECONDS)
        }
    }

    test("close shuts down and waits for the submitted tasks") {
        val finished = CountDownLatch(5)
        val started = CountDownLatch(1)
        val pool = ContextPreservingExecutor(1)
        pool.use {
            it.execute { started.await() ; finished.countDown() }
            repeat(4) { _ -> it.execute { finished.countDown() } }
            started.countDown()
        }
        pool.isTerminated shouldBe true
        finished.count shouldBe 0
    }

    test("a pool of zero threads is refused with a clear message") {
        shouldThrow<IllegalArgumentException> { ContextPreservingExecutor(0) }.message shouldContain "at least one thread"
    }

    test("values of pure namespaces stay on their thread and do not travel to tasks") {
        val pure = ContextLocal(Backend.PURE)
        ContextPreservingExecutor(1).use { pool ->
            pure.run {
                pure.setAttribute("v", 1)
                pool.submit(Callable { pure.hasAttribute("v") }).get() shouldBe false
            }
        }
    }
})
