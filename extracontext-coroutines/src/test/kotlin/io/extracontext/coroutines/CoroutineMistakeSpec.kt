package io.extracontext.coroutines

import io.extracontext.ContextMap
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ExtraContextSpi
import io.extracontext.coroutines.layerfixture.FixtureFacade
import io.extracontext.spi.CurrentCell
import io.extracontext.spi.DiagnosticContext
import io.extracontext.spi.Integrations
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * A new kotlinx.coroutines scheduler of [threads] workers: the class behind Dispatchers.Default and
 * IO, but with fresh threads, so "once per thread" is seen from the first write on. Its constructor
 * is internal to kotlinx (public in bytecode), hence reflection; closing it ends its threads, and
 * with them whatever the mistakes of a test left on them.
 */
private fun freshScheduler(threads: Int, name: String): ExecutorCoroutineDispatcher = Class.forName("kotlinx.coroutines.scheduling.SchedulerCoroutineDispatcher")
    .getConstructor(Int::class.java, Int::class.java, Long::class.java, String::class.java)
    .newInstance(threads, threads, TimeUnit.SECONDS.toNanos(60), name) as ExecutorCoroutineDispatcher

private inline fun <R> withFreshScheduler(threads: Int, block: (ExecutorCoroutineDispatcher) -> R): R {
    val dispatcher = freshScheduler(threads, "fresh-scheduler")
    try {
        return block(dispatcher)
    } finally {
        dispatcher.close()
    }
}

/** Runs [block] on a new plain thread and waits for it: the mistakes of a test stay on that thread. */
private fun onOwnThread(name: String, block: () -> Unit) {
    var failure: Throwable? = null
    val t = thread(name = name) {
        try {
            block()
        } catch (e: Throwable) {
            failure = e
        }
    }
    t.join(TimeUnit.SECONDS.toMillis(30))
    check(!t.isAlive) { "$name did not finish in 30 s" }
    failure?.let { throw it }
}

/** Coroutines without a ContextElement are reported, the right ways are not. */
@OptIn(ExtraContextSpi::class)
class CoroutineMistakeSpec : FunSpec({
    val ctx = ContextMap()

    context("strict mode: a write inside a coroutine that has no ContextElement") {
        test("two coroutines of runBlocking { launch } writing one variable are reported, once per call site and with the call site") {
            CoroutineReports.capture(strict = true) { records ->
                val seen = Collections.synchronizedList(mutableListOf<String>())
                var leaked: String? = null
                onOwnThread("launch-example") {
                    repeat(2) {
                        runBlocking {
                            launch { requestId.set("a"); delay(10); seen += requestId.get() }
                            launch { requestId.set("b"); delay(5); seen += requestId.get() }
                        }
                    }
                    leaked = requestId.getOrNull()
                }
                // The mistake itself: cross-talk, and a value left on the thread after runBlocking.
                seen shouldBe listOf("b", "b", "b", "b")
                leaked shouldBe "b"
                // Two call sites, each reported once although both ran twice.
                records shouldHaveSize 2
                records.forEach { record ->
                    record.message shouldContain "ContextVar 'request_id' was written inside a coroutine that has no ContextElement"
                    record.message shouldContain "at io.extracontext.coroutines.CoroutineMistakeSpec"
                    record.message shouldContain "CoroutineMistakeSpec.kt:"
                    record.message shouldContain "runBlocking(ContextElement())"
                    record.message shouldContain "withContext(ctx.element())"
                    CoroutineReports.threadOf(record) shouldBe "launch-example"
                }
                records.map { it.message.substringAfter(" at ").substringBefore(". ") }.distinct() shouldHaveSize 2
            }
        }

        test("attribute writes, map puts and enter() are reported too, naming the attribute") {
            CoroutineReports.capture(strict = true) { records ->
                onOwnThread("namespace-writes") {
                    runBlocking {
                        ctx.setAttribute("user", "alice")
                        ctx["color"] = "red"
                        ctx.enter().use { }
                    }
                }
                val messages = records.map { it.message }
                messages shouldHaveSize 3
                messages[0] shouldStartWith "Attribute 'user' of ContextMap#"
                messages[1] shouldStartWith "Attribute 'color' of ContextMap#"
                messages[2] shouldContain ".enter() opened a scope inside a coroutine that has no ContextElement"
            }
        }

        test("a write through a registered integration's layer is reported at the application's call, not inside the layer") {
            CoroutineReports.capture(strict = true) { records ->
                onOwnThread("layer-writes") {
                    runBlocking {
                        FixtureFacade.put(requestId, "before registering")
                        Integrations.registerLayer(ContextMap::class.java, "io.extracontext.coroutines.layerfixture.")
                        FixtureFacade.put(requestId, "after registering")
                    }
                }
                val sites = records.map { it.message.substringAfter(" at ").substringBefore(". ") }
                sites shouldHaveSize 2
                sites[0] shouldStartWith "io.extracontext.coroutines.layerfixture.FixtureFacade.put("
                sites[1] shouldStartWith "io.extracontext.coroutines.CoroutineMistakeSpec"
            }
        }

        test("a write inside a coroutine with a ContextElement is not reported, on any dispatcher") {
            CoroutineReports.capture(strict = true) { records ->
                onOwnThread("with-element") {
                    runBlocking(ContextElement()) {
                        requestId.set("root")
                        launch(Dispatchers.Default) {
                            requestId.set("child")
                            ctx.setAttribute("user", "alice")
                            ctx.enter().use { ctx["color"] = "red"; delay(1) }
                        }.join()
                        withContext(ctx.element()) { requestId.set("block") }
                        withContext(requestId.asContextElement("r-1")) { requestId.set("r-2") }
                    }
                }
                records.shouldBeEmpty()
            }
        }

        test("a write on a plain thread is not reported") {
            CoroutineReports.capture(strict = true) { records ->
                onOwnThread("plain") {
                    requestId.set("plain")
                    ctx.setAttribute("user", "alice")
                    ctx.enter().use { ctx["color"] = "red" }
                }
                records.shouldBeEmpty()
            }
        }

        test("a plain sequence { } is no kotlinx coroutine: its writes on a plain thread are not reported") {
            CoroutineReports.capture(strict = true) { records ->
                onOwnThread("plain-sequence") {
                    sequence { requestId.set("in a sequence"); yield(requestId.get()) }.toList() shouldBe listOf("in a sequence")
                }
                records.shouldBeEmpty()
            }
        }

        test("a write in an isolated sequence is not reported, also when a coroutine without element steps it") {
            CoroutineReports.capture(strict = true) { records ->
                onOwnThread("sequence") {
                    val steps = ctx.sequence { requestId.set("in the sequence"); yield(requestId.get()); yield(requestId.get()) }.iterator()
                    steps.next() shouldBe "in the sequence"
                    runBlocking { delay(1); steps.next() shouldBe "in the sequence" }
                    requestId.isSet() shouldBe false
                }
                records.shouldBeEmpty()
            }
        }

        test("a write on a ContextPreservingExecutor task is not reported, also when a coroutine submits it") {
            CoroutineReports.capture(strict = true) { records ->
                ContextPreservingExecutor(1).use { pool ->
                    onOwnThread("submitter") {
                        runBlocking(ContextElement()) {
                            requestId.set("submitted")
                            pool.submit(Callable { requestId.set("in the task"); ctx["color"] = "red"; requestId.get() }).get() shouldBe "in the task"
                            requestId.get() shouldBe "submitted"
                        }
                    }
                }
                records.shouldBeEmpty()
            }
        }
    }

    context("always on: the first write into a kotlinx.coroutines worker's own context") {
        test("the test's scheduler has the same worker class as Dispatchers.Default and IO") {
            withFreshScheduler(1) { fresh ->
                val default = runBlocking(Dispatchers.Default) { Thread.currentThread().javaClass }
                val io = runBlocking(Dispatchers.IO) { Thread.currentThread().javaClass }
                val ours = runBlocking(fresh) { Thread.currentThread().javaClass }
                default.name shouldBe "kotlinx.coroutines.scheduling.CoroutineScheduler\$Worker"
                io shouldBe default
                ours shouldBe default
            }
        }

        test("is reported once per thread, naming the variable and the fix, without strict mode") {
            CoroutineReports.capture(strict = false) { records ->
                val writers = Collections.synchronizedSet(mutableSetOf<String>())
                withFreshScheduler(2) { workers ->
                    runBlocking {
                        repeat(40) { i ->
                            launch(workers) {
                                // A root context that is empty again (as after a ContextElement
                                // coroutine left the thread) must not make it report twice.
                                if (i % 2 == 0) CurrentCell.install(null)
                                requestId.set("r-$i")
                                writers += Thread.currentThread().name.substringBefore(" @coroutine#")
                                delay(1)
                            }
                        }
                    }
                }
                writers.size shouldBe records.size
                records.map { CoroutineReports.threadOf(it) } shouldContainExactlyInAnyOrder writers.toList()
                records.forEach { record ->
                    record.level.name shouldBe "WARNING"
                    record.loggerName shouldBe "io.extracontext.coroutines"
                    record.message shouldStartWith "ContextVar 'request_id' was written in the own context of kotlinx.coroutines worker thread 'fresh-scheduler-worker-"
                    record.message shouldContain "leaks into whatever coroutine runs there next"
                    record.message shouldContain "CoroutineScope(Dispatchers.Default + ContextElement())"
                    record.message shouldContain "withContext(ctx.element())"
                    record.message shouldContain "Reported once per thread"
                }
            }
        }

        test("an attribute write, a map put and an enter() are first writes too") {
            CoroutineReports.capture(strict = false) { records ->
                val scope = CountDownLatch(1)
                withFreshScheduler(1) { worker -> runBlocking(worker) { ctx.setAttribute("user", "alice") } }
                withFreshScheduler(1) { worker -> runBlocking(worker) { ctx["color"] = "red" } }
                withFreshScheduler(1) { worker -> runBlocking(worker) { ctx.enter().use { scope.countDown() } } }
                scope.count shouldBe 0
                val messages = records.map { it.message }
                messages shouldHaveSize 3
                messages[0] shouldStartWith "Attribute 'user' of ContextMap#"
                messages[0] shouldContain " was written in the own context of kotlinx.coroutines worker thread"
                messages[1] shouldStartWith "Attribute 'color' of ContextMap#"
                messages[1] shouldContain " was written in the own context of kotlinx.coroutines worker thread"
                messages[2] shouldStartWith "ContextMap#"
                messages[2] shouldContain ".enter() opened a scope in the own context of kotlinx.coroutines worker thread"
            }
        }

        test("an MDC put through the logging modules is a first write too, naming the MDC key") {
            CoroutineReports.capture(strict = false) { records ->
                withFreshScheduler(1) { worker ->
                    runBlocking(worker) { DiagnosticContext.put("requestId", "r-1"); DiagnosticContext.get("requestId") } shouldBe "r-1"
                }
                records.map { it.message.substringBefore(" in the own context") } shouldBe listOf("MDC key 'requestId' was written")
            }
        }

        test("is not reported for a coroutine with a ContextElement, and nothing stays on the worker") {
            CoroutineReports.capture(strict = false) { records ->
                withFreshScheduler(1) { worker ->
                    runBlocking(ContextElement()) {
                        withContext(worker) { requestId.set("mine"); ctx["color"] = "red" }
                        launch(worker + requestId.asContextElement("r-1")) { requestId.set("r-2") }.join()
                    }
                    runBlocking(worker) { CurrentCell.get() } shouldBe null
                }
                records.shouldBeEmpty()
            }
        }

        test("is not reported on a plain thread, and does not throw or change the write anywhere") {
            CoroutineReports.capture(strict = false) { records ->
                var seen: String? = null
                onOwnThread("plain-first-write") { requestId.set("plain"); seen = requestId.get() }
                seen shouldBe "plain"
                withFreshScheduler(1) { worker ->
                    runBlocking(worker) { requestId.set("leaks"); requestId.get() } shouldBe "leaks"
                    runBlocking(worker) { requestId.get() } shouldBe "leaks" // the leak is real: only reported
                }
                records.map { CoroutineReports.threadOf(it).substringBefore("-worker") } shouldBe listOf("fresh-scheduler")
            }
        }
    }
})
