package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import java.lang.management.ManagementFactory
import kotlin.coroutines.CoroutineContext

class ContextElementSpec : FunSpec({
    val ctx = ContextLocal()

    test("a coroutine holding a ContextElement starts from the values of the code that created the element") {
        val user = ContextVar<String>("user")
        copyContext().run {
            user.set("alice")
            runBlocking(ContextElement()) { user.get() } shouldBe "alice"
        }
    }

    test("a ContextElement never writes to the Context it was created from") {
        val user = ContextVar<String>("user")
        val origin = copyContext()
        origin.run { user.set("alice") }
        withContext(ContextElement(origin)) {
            user.set("bob")
            user.get() shouldBe "bob"
        }
        origin[user] shouldBe "alice"
    }

    test("a launched child starts from the parent's values at launch and the two never see each other's later writes") {
        withContext(ContextElement()) {
            requestId.set("parent-1")
            val parentWrote = CompletableDeferred<Unit>()
            val childWrote = CompletableDeferred<Unit>()
            val child = launch(Dispatchers.Default) {
                requestId.get() shouldBe "parent-1"
                parentWrote.await()
                requestId.get() shouldBe "parent-1"
                requestId.set("child")
                childWrote.complete(Unit)
            }
            requestId.set("parent-2")
            parentWrote.complete(Unit)
            childWrote.await()
            requestId.get() shouldBe "parent-2"
            child.join()
        }
    }

    test("siblings never see each other's writes") {
        withContext(ContextElement()) {
            requestId.set("parent")
            val firstWrote = CompletableDeferred<Unit>()
            val first = async(Dispatchers.Default) {
                requestId.set("first")
                firstWrote.complete(Unit)
                requestId.get()
            }
            val second = async(Dispatchers.Default) {
                firstWrote.await()
                requestId.get()
            }
            first.await() shouldBe "first"
            second.await() shouldBe "parent"
            requestId.get() shouldBe "parent"
        }
    }

    test("a lazily started child starts from the values at the launch call, not at its start") {
        withContext(ContextElement()) {
            requestId.set("at-launch")
            val child = async(start = CoroutineStart.LAZY) { requestId.get() }
            requestId.set("at-start")
            child.await() shouldBe "at-launch"
        }
    }

    test("a child launched inside ctx run starts from the values of the isolated block") {
        withContext(ContextElement()) {
            ctx.value("outer")
            val child = ctx.run {
                ctx.value("inner")
                async { ctx.value() }
            }
            child.await() shouldBe "inner"
            ctx.value() shouldBe "outer"
        }
    }

    test("an element passed explicitly to launch replaces the parent's context for that child") {
        val user = ContextVar<String>("user")
        val other = copyContext().also { it.run { user.set("from-element") } }
        withContext(ContextElement()) {
            user.set("parent")
            launch(other.asContextElement()) { user.get() shouldBe "from-element" }.join()
            user.get() shouldBe "parent"
        }
    }

    test("a value set in a coroutine survives delay, yield and hops between threads and dispatchers") {
        withThreads(2) { (a, b) ->
            withContext(ContextElement()) {
                requestId.set("mine")
                ctx.value(42)
                val seen = mutableListOf<Pair<String, Any?>>()
                fun record() = seen.add(requestId.get() to ctx.value())
                delay(1); record()
                yield(); record()
                withContext(a.dispatcher) { record(); delay(1); record() }
                withContext(b.dispatcher) { record(); yield(); record() }
                withContext(Dispatchers.Default) { record() }
                withContext(Dispatchers.IO) { record() }
                record()
                seen.toSet() shouldBe setOf("mine" to 42)
                seen.size shouldBe 9
            }
            a.cellBetweenTasks() shouldBe null
            b.cellBetweenTasks() shouldBe null
        }
    }

    test("a write made inside withContext(Dispatchers.IO) is seen by the coroutine after the block") {
        withContext(ContextElement()) {
            withContext(Dispatchers.IO) {
                requestId.set("from-io")
                ctx.value("from-io")
            }
            requestId.get() shouldBe "from-io"
            ctx.value() shouldBe "from-io"
        }
    }

    test("coroutineScope and withTimeout blocks share the caller's context") {
        withContext(ContextElement()) {
            coroutineScope { requestId.set("scope") }
            requestId.get() shouldBe "scope"
            withTimeout(10_000) { delay(1); requestId.set("timeout") }
            requestId.get() shouldBe "timeout"
        }
    }

    test("two coroutines taking turns on one thread never see each other's values") {
        withThreads(1) { (t) ->
            withContext(ContextElement() + t.dispatcher) {
                val turns = List(2) { i ->
                    launch {
                        ctx.value(i)
                        repeat(20) {
                            yield()
                            ctx.value() shouldBe i
                            ctx.value(i)
                        }
                    }
                }
                turns.forEach { it.join() }
                ctx.value() shouldBe null
            }
            t.cellBetweenTasks() shouldBe null
        }
    }

    test("a coroutine's writes are invisible to the thread that started it with runBlocking") {
        copyContext().run {
            ctx.value("thread")
            runBlocking(ContextElement()) {
                ctx.value("coroutine")
                yield()
            }
            ctx.value() shouldBe "thread"
        }
    }

    test("the element installs the same cell on every resume and puts back the thread's own cell on suspension") {
        withThreads(1) { (t) ->
            withContext(ContextElement()) {
                val mine = installedCell()
                mine shouldNotBe null
                withContext(t.dispatcher) { installedCell() shouldBe mine }
                delay(1)
                installedCell() shouldBe mine
            }
            t.cellBetweenTasks() shouldBe null
        }
    }

    test("updateThreadContext and restoreThreadContext allocate nothing") {
        val threads = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val element = ContextElement()
        val context: CoroutineContext = element
        fun switches(n: Int) {
            repeat(n) {
                val previous = element.updateThreadContext(context)
                element.restoreThreadContext(context, previous)
            }
        }
        switches(200_000) // warm up, and create this thread's slot entry
        val before = threads.currentThreadAllocatedBytes
        switches(1_000_000)
        val allocated = threads.currentThreadAllocatedBytes - before
        // A single allocation per switch would be >= 16 MB here; the slack covers the measuring itself.
        allocated shouldBeLessThan 4_096L
    }
})
