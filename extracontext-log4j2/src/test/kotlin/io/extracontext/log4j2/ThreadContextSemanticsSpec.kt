package io.extracontext.log4j2

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.flow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.apache.logging.log4j.ThreadContext
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The issue's list of semantics, each a test, for Log4j2's `ThreadContext` with
 * [ContextThreadContextMap] selected (by `log4j2.component.properties` in the test resources):
 * every entry follows the propagation forms exactly as a `ContextVar` does, and every log line,
 * formatted by a real `PatternLayout` with `%X{requestId}`, shows the context it was logged in.
 */
class ThreadContextSemanticsSpec : FunSpec({
    val ctx = ContextLocal()

    test("the map Log4j2's ThreadContext uses is ContextThreadContextMap") {
        ContextThreadContext.isInstalled() shouldBe true
        ContextThreadContext.requireInstalled()
    }

    test("a put in a coroutine with a ContextElement is kept across delay, yield and withContext(Dispatchers.IO), and logged there") {
        Capture().use { capture ->
            withContext(Dispatchers.Default + ContextElement()) {
                ThreadContext.put("requestId", "r-1")
                delay(5)
                ThreadContext.get("requestId") shouldBe "r-1"
                yield()
                ThreadContext.get("requestId") shouldBe "r-1"
                val ioThread = withContext(Dispatchers.IO) {
                    capture.logger.info("on IO")
                    Thread.currentThread().name
                }
                ThreadContext.get("requestId") shouldBe "r-1"
                capture.logger.info("after IO")
                ioThread shouldNotBe null
            }
            capture.texts() shouldContainExactly listOf("r-1|on IO", "r-1|after IO")
        }
    }

    test("kotlinx's MDCContext copies the map, ours follows it: a put made after the coroutine started is not lost at its next suspension") {
        // kotlinx's MDCContext captures the map when the coroutine starts and puts that copy back at
        // every resume, so a put inside the coroutine vanishes after the first suspension
        // (kotlinx.coroutines#3280, ktor#1414). Here the put lives in the coroutine's own context.
        Capture().use { capture ->
            withContext(Dispatchers.Default + ContextElement()) {
                val job = launch {
                    ThreadContext.put("requestId", "put-inside")
                    delay(10)                                   // suspends; resumes on any worker
                    withContext(Dispatchers.IO) { delay(1) }    // and once more on another pool
                    capture.logger.info("after suspensions")
                }
                job.join()
            }
            capture.texts() shouldContainExactly listOf("put-inside|after suspensions")
        }
    }

    test("a put inside withContext(Dispatchers.IO) is seen by the coroutine after the block (withContext shares the element)") {
        withContext(ContextElement()) {
            withContext(Dispatchers.IO) { ThreadContext.put("requestId", "from-io") }
            ThreadContext.get("requestId") shouldBe "from-io"
        }
    }

    test("a child coroutine starts from a copy: it sees the parent's entries, and its own puts stay its own") {
        withContext(Dispatchers.Default + ContextElement()) {
            ThreadContext.put("requestId", "parent")
            val seen = CountDownLatch(1)
            var childSaw: String? = null
            launch {
                childSaw = ThreadContext.get("requestId")
                ThreadContext.put("requestId", "child")
                ThreadContext.put("childOnly", "x")
                seen.countDown()
                delay(1)
                ThreadContext.get("requestId") shouldBe "child"
            }.join()
            seen.count shouldBe 0L
            childSaw shouldBe "parent"
            ThreadContext.get("requestId") shouldBe "parent"
            ThreadContext.containsKey("childOnly") shouldBe false
        }
    }

    test("ctx.run, ctx.enter and ctx.wrap keep the puts made inside them to themselves") {
        copyContext().run {
            ThreadContext.put("requestId", "outer")
            ctx.run {
                ThreadContext.get("requestId") shouldBe "outer"
                ThreadContext.put("requestId", "in-run")
                ThreadContext.get("requestId") shouldBe "in-run"
            }
            ThreadContext.get("requestId") shouldBe "outer"
            ctx.enter().use {
                ThreadContext.put("requestId", "in-enter")
                ThreadContext.remove("requestId")
                ThreadContext.get("requestId").shouldBeNull()
            }
            ThreadContext.get("requestId") shouldBe "outer"
            val wrapped = ctx.wrap {
                ThreadContext.put("requestId", "in-wrap")
                ThreadContext.get("requestId")
            }
            wrapped() shouldBe "in-wrap"
            ThreadContext.get("requestId") shouldBe "outer"
        }
    }

    test("an isolated sequence keeps its puts across steps and to itself") {
        Capture().use { capture ->
            copyContext().run {
                ThreadContext.put("requestId", "caller")
                val steps = ctx.sequence {
                    ThreadContext.put("requestId", "sequence")
                    capture.logger.info("step 1")
                    yield(ThreadContext.get("requestId"))
                    capture.logger.info("step 2")
                    yield(ThreadContext.get("requestId"))
                }.iterator()
                steps.next() shouldBe "sequence"
                capture.logger.info("between steps")
                ThreadContext.get("requestId") shouldBe "caller"
                steps.next() shouldBe "sequence"
                ThreadContext.get("requestId") shouldBe "caller"
            }
            capture.texts() shouldContainExactly listOf("sequence|step 1", "caller|between steps", "sequence|step 2")
        }
    }

    test("an isolated flow with flowOn and buffer keeps its puts to itself, and logs them from its own threads") {
        Capture().use { capture ->
            withContext(ContextElement()) {
                ThreadContext.put("requestId", "collector")
                val values = ctx.flow {
                    ThreadContext.get("requestId") shouldBe "collector"
                    ThreadContext.put("requestId", "flow")
                    repeat(3) {
                        capture.logger.info("emit $it")
                        emit(ThreadContext.get("requestId"))
                    }
                }.flowOn(Dispatchers.IO).buffer(1).map { "$it/${ThreadContext.get("requestId")}" }.toList()
                values shouldContainExactly List(3) { "flow/collector" }
                ThreadContext.get("requestId") shouldBe "collector"
            }
            capture.texts() shouldContainExactly List(3) { "flow|emit $it" }
        }
    }

    test("ContextPreservingExecutor tasks see and log the submitter's entries, and leave nothing on the worker") {
        val worker = Executors.newSingleThreadExecutor { Thread(it, "log4j2-worker") }
        Capture().use { capture ->
            ContextPreservingExecutor(worker).use { pool ->
                copyContext().run {
                    ThreadContext.put("requestId", "submitter")
                    pool.submit(
                        Callable {
                            capture.logger.info("in task")
                            ThreadContext.put("requestId", "task")
                            ThreadContext.put("taskOnly", "t")
                        },
                    ).get(10, TimeUnit.SECONDS)
                    ThreadContext.get("requestId") shouldBe "submitter"
                    ThreadContext.containsKey("taskOnly") shouldBe false
                }
                // Straight on the worker, past the wrapper: the thread's own context is empty again.
                worker.submit(Callable { ThreadContext.getContext() }).get(10, TimeUnit.SECONDS).shouldBeEmpty()
            }
            capture.lines.single().text shouldBe "submitter|in task"
            capture.lines.single().thread shouldBe "log4j2-worker"
        }
    }

    test("clearMap clears only the current context") {
        copyContext().run {
            ThreadContext.put("requestId", "outer")
            ctx.run {
                ThreadContext.clearMap()
                ThreadContext.isEmpty() shouldBe true
                ThreadContext.getImmutableContext().shouldBeEmpty()
            }
            ThreadContext.get("requestId") shouldBe "outer"
        }
    }

    test("putAll, removeAll, containsKey and getContext act on the current context") {
        copyContext().run {
            ThreadContext.putAll(mapOf("a" to "1", "b" to "2", "c" to "3"))
            ThreadContext.containsKey("b") shouldBe true
            ThreadContext.removeAll(listOf("a", "c", "absent"))
            ThreadContext.getContext() shouldBe mapOf("b" to "2")
            ThreadContext.getContext().put("mutable", "copy") // a copy: the context does not change
            ThreadContext.getImmutableContext() shouldBe mapOf("b" to "2")
            ThreadContext.put("nullValue", null)
            ThreadContext.containsKey("nullValue") shouldBe true
        }
    }

    test("an AsyncAppender's event shows the context at logging time, not when the appender thread handles it") {
        val gate = CountDownLatch(1)
        Capture(async = true, gate = gate).use { capture ->
            copyContext().run {
                ThreadContext.put("requestId", "at-logging-time")
                capture.logger.info("queued")
                ThreadContext.put("requestId", "changed-later")
                ThreadContext.put("late", "x")
            }
            gate.countDown()
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (capture.lines.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait()
            capture.lines.single().text shouldBe "at-logging-time|queued"
            capture.lines.single().contextData shouldBe mapOf("requestId" to "at-logging-time")
        }
    }

    test("ThreadContext's stack (push/pop, %x) stays Log4j2's own per-thread stack, as the README says") {
        val pool = ContextPreservingExecutor(1)
        try {
            ThreadContext.push("ndc")
            try {
                ThreadContext.peek() shouldBe "ndc"
                pool.submit(Callable { ThreadContext.getDepth() }).get(10, TimeUnit.SECONDS) shouldBe 0
            } finally {
                ThreadContext.pop()
            }
        } finally {
            pool.close()
        }
    }
})
