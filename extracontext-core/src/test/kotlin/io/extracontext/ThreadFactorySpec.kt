package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

private val jdk21: Boolean = Runtime.version().feature() >= 21

/** `Executors.newThreadPerTaskExecutor(factory)` (JDK 21), through a method handle: the tests compile for Java 17. */
private fun newThreadPerTaskExecutor(factory: ThreadFactory): ExecutorService = MethodHandles.publicLookup()
    .findStatic(Executors::class.java, "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService::class.java, ThreadFactory::class.java))
    .invoke(factory) as ExecutorService

/** `Thread.ofVirtual().factory()` (JDK 21), through method handles. */
private fun virtualThreadFactory(): ThreadFactory {
    val lookup = MethodHandles.publicLookup()
    val builderType = Class.forName("java.lang.Thread\$Builder\$OfVirtual")
    val builder = lookup.findStatic(Thread::class.java, "ofVirtual", MethodType.methodType(builderType)).invoke()
    return lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory::class.java)).invoke(builder) as ThreadFactory
}

private fun isVirtual(thread: Thread): Boolean = MethodHandles.publicLookup().findVirtual(Thread::class.java, "isVirtual", MethodType.methodType(Boolean::class.javaPrimitiveType)).invoke(thread) as Boolean

class ThreadFactorySpec : FunSpec({

    val requestId = ContextVar<String>("request_id")

    test("a thread sees the context current where newThread was called, not the creator's later writes") {
        val factory = ContextPreservingThreadFactory(Executors.defaultThreadFactory())
        val seen = AtomicReference<String?>()
        Context().run {
            requestId.set("at newThread")
            val thread = factory.newThread { seen.set(if (requestId.isSet()) requestId.get() else "unset") }!!
            requestId.set("after newThread, before start")
            thread.start()
            thread.join(10_000)
        }
        seen.get() shouldBe "at newThread"
    }

    test("what a thread sets is invisible to its creator and to its siblings made from the same context") {
        val factory = ContextPreservingThreadFactory(Executors.defaultThreadFactory())
        val bothSet = CountDownLatch(2)
        val seen = Collections.synchronizedList(mutableListOf<String>())
        Context().run {
            requestId.set("creator")
            val threads = listOf("a", "b").map { name ->
                factory.newThread {
                    requestId.set(name)
                    bothSet.countDown()
                    bothSet.await(10, TimeUnit.SECONDS) // both have written before either reads
                    seen.add("$name saw ${requestId.get()}")
                }!!
            }
            threads.forEach { it.start() }
            threads.forEach { it.join(10_000) }
            requestId.get() shouldBe "creator"
        }
        seen.sorted() shouldBe listOf("a saw a", "b saw b")
    }

    test("nothing of the task stays on its thread after it ends, also when it throws") {
        val after = Collections.synchronizedList(mutableListOf<String>())
        // A delegate that runs more code on the same thread after the task: what it sees is what stays behind.
        val observing = ThreadFactory { task ->
            Thread {
                try {
                    task.run()
                } catch (_: IllegalStateException) {
                    // the task's own failure, expected by the second thread
                }
                after.add(if (requestId.isSet()) "left ${requestId.get()}" else "clean")
            }
        }
        val factory = ContextPreservingThreadFactory(observing)
        Context().run {
            requestId.set("creator")
            val ok = factory.newThread { requestId.set("written by the task") }!!
            val failing = factory.newThread {
                requestId.set("written before the throw")
                error("task failed")
            }!!
            listOf(ok, failing).forEach { it.start(); it.join(10_000) }
        }
        after shouldBe listOf("clean", "clean")
    }

    test("a thread made where no context was set starts empty") {
        val factory = ContextPreservingThreadFactory(Executors.defaultThreadFactory())
        val seen = AtomicReference<String>()
        val thread = factory.newThread { seen.set(if (requestId.isSet()) "set" else "unset") }!!
        thread.start()
        thread.join(10_000)
        seen.get() shouldBe "unset"
    }

    test("a delegate that refuses to make a thread gives null, as ThreadFactory allows") {
        ContextPreservingThreadFactory { null }.newThread { } shouldBe null
    }

    test("toString names the delegate") {
        val delegate = ThreadFactory { Thread(it) }
        ContextPreservingThreadFactory(delegate).toString() shouldBe "ContextPreservingThreadFactory($delegate)"
    }

    test("given to a thread pool, the factory makes its workers without the creator's context and warns once, naming the fix") {
        val records = Collections.synchronizedList(mutableListOf<LogRecord>())
        val handler = object : Handler() {
            override fun publish(record: LogRecord) {
                records.add(record)
            }

            override fun flush() {}

            override fun close() {}
        }
        val logger = Logger.getLogger("io.extracontext.ContextPreservingThreadFactory")
        logger.addHandler(handler)
        val factory = ContextPreservingThreadFactory(Executors.defaultThreadFactory())
        val pools = List(2) { ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, LinkedBlockingQueue(), factory) }
        try {
            val seen = pools.mapIndexed { i, pool ->
                // The first submission creates the worker, in this submitter's context.
                requestId.withValue("first submitter $i") { pool.submit(Callable { requestId.isSet() }).get(10, TimeUnit.SECONDS) }
            }
            val later = pools[0].submit(Callable { requestId.isSet() }).get(10, TimeUnit.SECONDS)
            seen shouldBe listOf(false, false)
            later shouldBe false
            records.size shouldBe 1
            records[0].level shouldBe Level.WARNING
            records[0].message shouldContain "was given to a thread pool"
            records[0].message shouldContain "ContextPreservingExecutor.wrap(pool)"
        } finally {
            logger.removeHandler(handler)
            pools.forEach { it.shutdown(); it.awaitTermination(10, TimeUnit.SECONDS) }
        }
    }

    test("a thread-per-task executor built on the factory runs each task in its submitter's context").config(enabled = jdk21) {
        val executor = newThreadPerTaskExecutor(ContextPreservingThreadFactory(virtualThreadFactory()))
        try {
            Context().run {
                requestId.set("submitter")
                executor.submit(Callable { requestId.get() + if (isVirtual(Thread.currentThread())) "@virtual" else "@platform" })
                    .get(10, TimeUnit.SECONDS) shouldBe "submitter@virtual"
            }
        } finally {
            executor.shutdown()
            executor.awaitTermination(10, TimeUnit.SECONDS) shouldBe true
        }
    }

    test("ten thousand virtual threads made by the factory each see their own creator's value, none wrong").config(enabled = jdk21) {
        val factory = ContextPreservingThreadFactory(virtualThreadFactory())
        val wrong = AtomicInteger()
        val done = CountDownLatch(10_000)
        val threads = (0 until 10_000).map { i ->
            requestId.withValue("v-$i") {
                factory.newThread {
                    try {
                        if (requestId.get() != "v-$i") wrong.incrementAndGet()
                        requestId.set("overwritten by $i") // must reach no sibling
                    } finally {
                        done.countDown()
                    }
                }!!
            }
        }
        threads.forEach { it.start() }
        done.await(60, TimeUnit.SECONDS) shouldBe true
        wrong.get() shouldBe 0
    }

    test("the one-call virtual-thread-per-task executor runs each task on a virtual thread in its submitter's context").config(enabled = jdk21) {
        ContextPreservingExecutor.newVirtualThreadPerTaskExecutor().use { executor ->
            Context().run {
                requestId.set("r-1")
                executor.submit(Callable { requestId.get() + if (isVirtual(Thread.currentThread())) "@virtual" else "@platform" })
                    .get(10, TimeUnit.SECONDS) shouldBe "r-1@virtual"
            }
        }
    }

    test("before JDK 21 the one-call virtual-thread executor refuses, naming the JDK it needs").config(enabled = !jdk21) {
        val refused = shouldThrow<UnsupportedOperationException> { ContextPreservingExecutor.newVirtualThreadPerTaskExecutor() }
        refused.message shouldContain "JDK 21 or later"
        refused.message shouldContain "ContextPreservingExecutor.newVirtualThreadPerTaskExecutor()"
    }
})
