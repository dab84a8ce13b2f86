@file:OptIn(ExtraContextSpi::class)

package io.extracontext

import io.extracontext.ExtraContextSpi
import io.extracontext.spi.CurrentCell
import io.extracontext.spi.LeakCheck
import io.extracontext.spi.LeakProbe
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit

/** The checks behind the test kit, run on purpose against leaking code inside a private context. */
class LeakProbeSpec : FunSpec({

    test("a changed variable and a changed namespace attribute are each named, with old and new values") {
        val requestId = ContextVar<String>("request_id")
        val user = ContextVar("user", "guest")
        val ns = ContextLocal()
        Context().run {
            user.set("alice")
            ns.setAttribute("kept", 1)
            ns.setAttribute("gone", 2)
            val before = copyContext()
            requestId.set("r-1")
            user.set("bob")
            ns.setAttribute("color", "red")
            ns.deleteAttribute("gone")
            val report = LeakProbe.describeChanges(before, copyContext()).sorted()
            report.size shouldBe 4
            report[0] shouldBe "ContextVar 'request_id' = r-1 (was not set)"
            report[1] shouldBe "ContextVar 'user' = bob (was alice)"
            report[2] shouldMatch Regex("""attribute 'color' of ContextLocal#\d+ = red \(was not set\)""")
            report[3] shouldMatch Regex("""attribute 'gone' of ContextLocal#\d+ was removed \(was 2\)""")
        }
    }

    test("values are shortened to 80 characters, and a toString that throws does not break the report") {
        val long = ContextVar<Any>("long")
        val bad = ContextVar<Any>("bad")
        Context().run {
            long.set("x".repeat(500))
            bad.set(object { override fun toString(): String = throw IllegalStateException("no") })
            val report = LeakProbe.describeChanges(Context(), copyContext())
            report.single { "'long'" in it }.length shouldBe "ContextVar 'long' = ".length + 80 + " (was not set)".length
            report.single { "'bad'" in it } shouldContain "<toString() threw IllegalStateException>"
        }
    }

    test("leaksSince sees values and open scopes left behind, and nothing when the thread is as it was") {
        val v = ContextVar<Int>("v")
        val ns = ContextLocal()
        Context().run {
            val before = LeakProbe.capture()
            v.set(1)
            val scope = ns.enter()
            val leaks = LeakProbe.leaksSince(before)
            leaks[0] shouldContain "1 scope(s) left open on the thread"
            leaks[1] shouldBe "ContextVar 'v' = 1 (was not set)"
            scope.close()
            v.reset(v.set(2)) // a value set and reset inside is no leak; the first set still is
            LeakProbe.leaksSince(before) shouldContainExactly listOf("ContextVar 'v' = 1 (was not set)")
        }
        Context().run {
            val before = LeakProbe.capture()
            v.withValue(3) { ns.enter().use { } }
            LeakProbe.leaksSince(before).shouldBeEmpty()
        }
    }

    test("an open scope is reported with where it was opened in strict mode, with a hint otherwise; one already ended is not") {
        val native = ContextLocal()
        Context().run {
            val before = LeakProbe.capture()
            val plain = strict(on = false) { native.enter() }
            LeakProbe.leaksSince(before).single() shouldContain "enable StrictMode to see where each was opened"
            plain.close()
            strict(on = true) {
                val a = native.enter()
                LeakProbe.leaksSince(before).single() shouldContain "opened at io.extracontext.LeakProbeSpec"
                native.enter() // closed below together with a, out of order
                runCatching { a.close() }
                LeakProbe.leaksSince(before).shouldBeEmpty()
                native.run { native.enter() } // ended by the run around it
                LeakProbe.leaksSince(before).shouldBeEmpty()
            }
        }
    }

    test("a check that installs a fresh context gives the test an empty one and puts the thread's own back, also on a leak") {
        val v = ContextVar<String>("v")
        Context().run {
            v.set("outer")
            val cell = CurrentCell.get()
            val check = LeakCheck.start(freshContext = true, checkWorkers = false)
            v.isSet() shouldBe false
            v.set("leaked")
            val failure = check.finish("the fresh test").shouldNotBeNull()
            failure.message shouldBe "the fresh test left context state behind (use set/reset or withValue, close every scope " +
                "in a finally):\n  - ContextVar 'v' = leaked (was not set)"
            CurrentCell.get() shouldBe cell
            v.get() shouldBe "outer"
            LeakCheck.start(freshContext = true, checkWorkers = false).finish("a clean test").shouldBeNull()
        }
    }

    test("every class the leak report names as the library's own still exists") {
        LeakProbe.libraryClasses.filterNot { runCatching { Class.forName(it) }.isSuccess } shouldBe emptyList()
    }

    test("a task run inline on its submitter (caller-runs) is not taken for a dirty worker") {
        val v = ContextVar<String>("v")
        val saturated = ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, SynchronousQueue(), ThreadPoolExecutor.CallerRunsPolicy())
        LeakProbe.watchWorkers(true)
        LeakProbe.drainWorkerLeaks()
        val gate = java.util.concurrent.CountDownLatch(1)
        ContextPreservingExecutor.wrap(saturated).use { pool ->
            Context().run {
                v.set("submitter")
                val busy = pool.submit { gate.await(10, TimeUnit.SECONDS) }
                pool.submit(Callable { v.get() }).get() shouldBe "submitter" // ran on this thread
                gate.countDown()
                busy.get()
            }
        }
        LeakProbe.drainWorkerLeaks().shouldBeEmpty()
    }

    test("a worker dirtied outside any task is reported by thread name and variable, once, and then forgotten") {
        val v = ContextVar<String>("tenant")
        val raw = Executors.newSingleThreadExecutor { Thread(it, "dirty-worker") }
        LeakProbe.watchWorkers(true)
        LeakProbe.drainWorkerLeaks()
        ContextPreservingExecutor.wrap(raw).use { pool ->
            val token = raw.submit(Callable { v.set("acme") }).get()
            repeat(3) { pool.submit { }.get() }
            val records = LeakProbe.drainWorkerLeaks()
            records shouldContainExactly listOf("worker 'dirty-worker' holds, between tasks: ContextVar 'tenant' = acme (was not set)")
            raw.submit { v.reset(token) }.get()
            pool.submit { }.get()
            LeakProbe.drainWorkerLeaks().shouldBeEmpty()
        }
    }
})
