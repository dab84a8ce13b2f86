package io.extracontext.coroutines

import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

private val jdk21: Boolean = Runtime.version().feature() >= 21

/** `Executors.newVirtualThreadPerTaskExecutor()` (JDK 21), through a method handle: the tests compile for Java 17. */
private fun newVirtualThreadPerTaskExecutor(): ExecutorService = MethodHandles.publicLookup()
    .findStatic(Executors::class.java, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService::class.java))
    .invoke() as ExecutorService

private fun isVirtual(thread: Thread): Boolean = MethodHandles.publicLookup().findVirtual(Thread::class.java, "isVirtual", MethodType.methodType(Boolean::class.javaPrimitiveType)).invoke(thread) as Boolean

/** A thousand coroutines, each with its own id, hopping threads on [dispatcher]; returns how many saw a wrong id. */
private suspend fun wrongIdsAmongAThousand(dispatcher: CoroutineDispatcher, id: ContextVar<String>): Int = withContext(ContextElement()) {
    (0 until 1_000).map { i ->
        id.set("c-$i")
        async(dispatcher) {
            var wrong = 0
            repeat(3) {
                if (id.get() != "c-$i") wrong++
                yield() // resume, possibly on another thread
                id.set("c-$i")  // a write of its own, which no sibling must see
            }
            wrong
        }
    }.awaitAll().sum()
}

class ThreadPerTaskDispatchersSpec : FunSpec({
    val id = ContextVar<String>("dispatcher_id")

    test("Dispatchers.IO.limitedParallelism keeps each ContextElement coroutine's own context across resumes") {
        val limited = Dispatchers.IO.limitedParallelism(2)
        wrongIdsAmongAThousand(limited, id) shouldBe 0
        withContext(ContextElement()) {
            id.set("caller")
            withContext(limited) {
                id.get() shouldBe "caller"
                id.set("written inside withContext")
            }
            id.get() shouldBe "written inside withContext" // withContext shares the caller's context, as on any dispatcher
        }
    }

    test("a virtual-thread dispatcher keeps each ContextElement coroutine's own context across resumes").config(enabled = jdk21) {
        val executor = newVirtualThreadPerTaskExecutor()
        val dispatcher = executor.asCoroutineDispatcher()
        try {
            wrongIdsAmongAThousand(dispatcher, id) shouldBe 0
            withContext(ContextElement()) {
                id.set("caller")
                withContext(dispatcher) { id.get() + if (isVirtual(Thread.currentThread())) "@virtual" else "@platform" } shouldBe "caller@virtual"
            }
        } finally {
            dispatcher.close()
            executor.awaitTermination(10, TimeUnit.SECONDS) shouldBe true
        }
    }

    test("on a context-preserving virtual-thread executor the coroutine's own context wins over the dispatching thread's").config(enabled = jdk21) {
        val executor = ContextPreservingExecutor.newVirtualThreadPerTaskExecutor()
        val dispatcher = executor.asCoroutineDispatcher()
        try {
            wrongIdsAmongAThousand(dispatcher, id) shouldBe 0
            // A coroutine without an element on it runs each step in the dispatcher's captured copy: nothing leaks out.
            id.withValue("outside any element") {
                runBlocking { withContext(dispatcher) { id.get() } } shouldBe "outside any element"
            }
        } finally {
            dispatcher.close()
            executor.awaitTermination(10, TimeUnit.SECONDS) shouldBe true
        }
    }

    test("runInterruptible reads and writes the coroutine's context, and an interrupt leaves the coroutine's context as it was") {
        withContext(ContextElement()) {
            id.set("caller")
            runInterruptible(Dispatchers.IO) {
                id.get() shouldBe "caller"
                id.set("written in runInterruptible")
            }
            id.get() shouldBe "written in runInterruptible"

            val blocked = CountDownLatch(1)
            val never = CountDownLatch(1)
            val interrupted = AtomicInteger()
            val seenAfterInterrupt = CompletableDeferred<String>()
            val job = launch {
                id.set("child")
                try {
                    runInterruptible(Dispatchers.IO) {
                        try {
                            blocked.countDown()
                            never.await()
                        } catch (e: InterruptedException) {
                            interrupted.incrementAndGet()
                            throw e
                        }
                    }
                } finally {
                    seenAfterInterrupt.complete(id.get())
                }
            }
            runInterruptible(Dispatchers.IO) { blocked.await(10, TimeUnit.SECONDS) } shouldBe true
            job.cancelAndJoin()
            interrupted.get() shouldBe 1
            seenAfterInterrupt.await() shouldBe "child"
            id.get() shouldBe "written in runInterruptible"
        }
    }
})
