package io.extracontext.micrometer

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.micrometer.context.ContextExecutorService
import io.micrometer.context.ContextScheduledExecutorService
import io.micrometer.context.ContextSnapshotFactory
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/** Micrometer's executor wrappers: every task in its submitter's context, no worker ever sees an earlier task's value. */
class ExecutorsSpec : FunSpec({

    for (clearMissing in listOf(false, true)) {
        val factory = ContextSnapshotFactory.builder().clearMissing(clearMissing).build()

        test("ContextExecutorService (clearMissing $clearMissing): 2,000 tasks, half with a value and half without, each sees exactly its submitter's") {
            val raw = Executors.newFixedThreadPool(4)
            val pool = ContextExecutorService.wrap(raw) { factory.captureAll() }
            try {
                val futures = (0 until 2000).map { i ->
                    val expected = if (i % 2 == 0) "r-$i" else null
                    val future = if (expected != null) {
                        withRequestId(expected) { pool.submit(Callable { requestId.getOrNull().also { requestId.set("left by $i") } }) }
                    } else {
                        pool.submit(Callable { requestId.getOrNull().also { requestId.set("left by $i") } })
                    }
                    expected to future
                }
                val mismatches = futures.count { (expected, f) -> f.get(30, TimeUnit.SECONDS) != expected }
                mismatches shouldBe 0
                probeWorkers(raw, 4) shouldBe List(4) { null to null }
            } finally {
                raw.shutdownNow()
            }
        }

        test("ContextScheduledExecutorService (clearMissing $clearMissing): delayed and periodic tasks run in the context of their scheduling, workers keep nothing") {
            val raw = Executors.newScheduledThreadPool(2)
            val pool = ContextScheduledExecutorService.wrap(raw) { factory.captureAll() }
            try {
                val delayed = withRequestId("delayed") { pool.schedule(Callable { requestId.getOrNull() }, 5, TimeUnit.MILLISECONDS) }
                val bare = pool.schedule(Callable { requestId.getOrNull() }, 5, TimeUnit.MILLISECONDS)
                val runs = CountDownLatch(5)
                val wrong = AtomicInteger()
                val periodic = withRequestId("periodic") {
                    pool.scheduleAtFixedRate({
                        if (requestId.getOrNull() != "periodic") wrong.incrementAndGet()
                        requestId.set("written by a run")
                        runs.countDown()
                    }, 0, 2, TimeUnit.MILLISECONDS)
                }
                delayed.get(10, TimeUnit.SECONDS) shouldBe "delayed"
                bare.get(10, TimeUnit.SECONDS) shouldBe null
                runs.await(10, TimeUnit.SECONDS) shouldBe true
                periodic.cancel(false)
                wrong.get() shouldBe 0
                probeWorkers(raw, 2) shouldBe List(2) { null to null }
            } finally {
                raw.shutdownNow()
            }
        }
    }
})
