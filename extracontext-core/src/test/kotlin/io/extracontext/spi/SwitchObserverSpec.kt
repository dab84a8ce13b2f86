package io.extracontext.spi

import io.extracontext.ContextCell
import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi
import io.extracontext.SwitchObserver
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.Collections
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

@OptIn(ExtraContextSpi::class)
class SwitchObserverSpec : FunSpec({
    val requestId = ContextVar<String>("request_id")

    /** Records, per call, the thread's name-free event and the request id current when it was told. */
    class Recorder(private val name: String, private val into: MutableList<String>) : SwitchObserver {
        override fun switchedIn() {
            into += "$name in ${requestId.getOrNull()}"
        }

        override fun switchedBack() {
            into += "$name back ${requestId.getOrNull()}"
        }
    }

    fun <T> observed(block: (MutableList<String>) -> T): Pair<T, List<String>> {
        val events = Collections.synchronizedList(ArrayList<String>())
        val registration = Executions.observeSwitches(Recorder("o", events))
        val result = try {
            block(events)
        } finally {
            registration.close()
        }
        return result to synchronized(events) { events.toList() }
    }

    fun cellWith(value: String): ContextCell = copyContext().run {
        requestId.set(value)
        ContextCell.startingFrom(copyContext())
    }

    test("a run in another context is told in, with that context current, and back, with the one from before current, nested as the runs are") {
        val (_, events) = observed {
            copyContext().run {
                requestId.set("outer")
                copyContext().run {
                    requestId.set("inner")
                }
            }
        }
        events shouldBe listOf("o in null", "o in outer", "o back outer", "o back null")
    }

    test("a pool task and each step of an isolated iterator are told in and back on the thread that runs them") {
        val worker = Executors.newSingleThreadExecutor()
        val pool = ContextPreservingExecutor.wrap(worker)
        try {
            val (_, events) = observed {
                copyContext().run {
                    requestId.set("submitter")
                    pool.submit { requestId.set("task") }.get(10, TimeUnit.SECONDS)
                }
                // The future completes inside the task; an unwrapped task after it runs once it has ended.
                worker.submit { }.get(10, TimeUnit.SECONDS)
            }
            events shouldBe listOf("o in null", "o in submitter", "o back null", "o back null")
        } finally {
            worker.shutdown()
        }
        val iterator = copyContext().run {
            requestId.set("iterator")
            ContextLocal().isolate(listOf(1, 2).iterator())
        }
        val (_, steps) = observed { iterator.next() }
        steps shouldBe listOf("o in iterator", "o back null")
    }

    test("entered scopes are told in when entered and back when closed; an out-of-order close tells back once per scope it ends, and exitAll too") {
        val a = cellWith("a")
        val b = cellWith("b")
        val (_, events) = observed {
            val outer = Executions.enter(a)
            val inner = Executions.enter(b)
            shouldThrow<IllegalStateException> { outer.close() }
            inner.close() // ended already: nothing to tell
        }
        events shouldBe listOf("o in a", "o in b", "o back null", "o back null")

        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit<List<String>> {
                observed {
                    Executions.enter(a)
                    Executions.enter(b)
                    Executions.exitAll()
                }.second
            }.get(10, TimeUnit.SECONDS) shouldBe listOf("o in a", "o in b", "o back null", "o back null")
        } finally {
            pool.shutdown()
        }
    }

    test("a coroutine-style switchTo and switchBack are told in and back; an isolation scope of a namespace too") {
        val resumed = cellWith("resumed")
        val (_, events) = observed {
            val previous = Executions.switchTo(resumed)
            Executions.switchBack(previous)
            copyContext().run {
                requestId.set("outside")
                ContextLocal().enter().use { requestId.set("isolated") }
            }
        }
        events shouldBe listOf("o in resumed", "o back null", "o in null", "o in outside", "o back outside", "o back null")
    }

    test("an observer registered inside a run hears the run's end without its start, and the next run whole") {
        val events = Collections.synchronizedList(ArrayList<String>())
        var registration: AutoCloseable? = null
        try {
            copyContext().run {
                registration = Executions.observeSwitches(Recorder("late", events))
            }
            copyContext().run { }
        } finally {
            registration?.close()
        }
        events shouldBe listOf("late back null", "late in null", "late back null")
    }

    test("two observers are told in the order registered and back in the reverse order; a closed registration is told nothing, and closing it twice does nothing") {
        val events = Collections.synchronizedList(ArrayList<String>())
        val first = Executions.observeSwitches(Recorder("first", events))
        val second = Executions.observeSwitches(Recorder("second", events))
        try {
            copyContext().run { }
            first.close()
            first.close()
            copyContext().run { }
        } finally {
            second.close()
        }
        copyContext().run { }
        events shouldBe listOf("first in null", "second in null", "second back null", "first back null", "second in null", "second back null")
    }
})
