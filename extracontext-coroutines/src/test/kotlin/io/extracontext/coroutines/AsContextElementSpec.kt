package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/** `ContextVar<T>.asContextElement(value)`, kotlinx's `ThreadLocal.asContextElement(value)` done right. */
class AsContextElementSpec : FunSpec({
    val ctx = ContextLocal()

    test("withContext(v.asContextElement(value)) runs the block with the variable set, across suspensions and dispatchers") {
        withContext(ContextElement()) {
            requestId.set("outer")
            withContext(requestId.asContextElement("r-1")) {
                requestId.get() shouldBe "r-1"
                delay(1)
                withContext(Dispatchers.Default) { requestId.get() shouldBe "r-1" }
                withContext(Dispatchers.IO) { yield(); requestId.get() shouldBe "r-1" }
                requestId.get() shouldBe "r-1"
            }
            requestId.get() shouldBe "outer"
        }
    }

    test("the block runs in an isolated copy: it sees the caller's other values, and its writes are gone after it") {
        withContext(ContextElement()) {
            ctx.setAttribute("user", "alice")
            val other = ContextVar<String>("other")
            other.set("kept")
            withContext(requestId.asContextElement("r-1")) {
                ctx.getAttribute("user") shouldBe "alice"
                other.get() shouldBe "kept"
                requestId.set("r-2")
                ctx.setAttribute("user", "bob")
                delay(1)
                requestId.get() shouldBe "r-2"
            }
            requestId.isSet() shouldBe false
            ctx.getAttribute("user") shouldBe "alice"
        }
    }

    test("the caller's context is not written when the element is made, and later writes of the caller do not reach it") {
        withContext(ContextElement()) {
            requestId.set("caller")
            val element = requestId.asContextElement("r-1")
            requestId.get() shouldBe "caller"
            ctx.setAttribute("later", true)
            withContext(element) {
                requestId.get() shouldBe "r-1"
                ctx.hasAttribute("later") shouldBe false // the copy was taken when the element was made
            }
        }
    }

    test("one element used twice, or by two coroutines at once, gives each use its own copy") {
        val element = requestId.asContextElement("shared")
        val firstWrote = CompletableDeferred<Unit>()
        withContext(ContextElement()) {
            val first = launch(Dispatchers.Default + element) {
                requestId.set("first")
                firstWrote.complete(Unit)
                delay(20)
                requestId.get() shouldBe "first"
            }
            val second = launch(Dispatchers.Default + element) {
                firstWrote.await()
                requestId.get() shouldBe "shared"
                requestId.set("second")
            }
            first.join()
            second.join()
            withContext(element) { requestId.get() shouldBe "shared" }
        }
    }

    test("works in a coroutine with no ContextElement, leaving that coroutine's thread as it was") {
        val seen = mutableListOf<String?>()
        var after: Any? = "not run"
        val t = Thread {
            runBlocking {
                withContext(requestId.asContextElement("r-1")) {
                    seen += requestId.get()
                    withContext(Dispatchers.Default) { seen += requestId.get() }
                    requestId.set("r-2")
                    seen += requestId.get()
                }
                seen += requestId.getOrNull()
            }
            after = installedCell()
        }
        t.start()
        t.join(10_000)
        seen shouldBe listOf("r-1", "r-1", "r-2", null)
        after shouldBe null
    }

    test("a nullable variable can be set to null, which counts as set") {
        val nickname = ContextVar<String?>("nickname", "default")
        withContext(ContextElement()) {
            withContext(nickname.asContextElement(null)) {
                nickname.get() shouldBe null
                nickname.isSet() shouldBe true
            }
            nickname.get() shouldBe "default"
        }
    }

    test("on cancellation the block's finally still sees its value, and the caller's is back") {
        withContext(ContextElement()) {
            requestId.set("caller")
            val started = CompletableDeferred<Unit>()
            val seenInFinally = CompletableDeferred<String>()
            val job = launch(Dispatchers.Default + requestId.asContextElement("r-1")) {
                try {
                    started.complete(Unit)
                    awaitCancellation()
                } finally {
                    seenInFinally.complete(requestId.get())
                }
            }
            started.await()
            job.cancelAndJoin()
            seenInFinally.await() shouldBe "r-1"
            requestId.get() shouldBe "caller"
        }
    }

    test("on a timeout inside the block the caller's value is back") {
        withContext(ContextElement()) {
            requestId.set("caller")
            shouldThrow<TimeoutCancellationException> {
                withTimeout(10) {
                    withContext(requestId.asContextElement("r-1")) {
                        requestId.set("r-2")
                        awaitCancellation()
                    }
                }
            }
            requestId.get() shouldBe "caller"
        }
    }
})
