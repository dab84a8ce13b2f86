package io.extracontext.coroutines

import io.extracontext.Backend
import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield

class ElementIsolationSpec : FunSpec({
    val ctx = ContextLocal()

    test("withContext(ctx.element()) sees the caller's values, and what it writes is gone after it") {
        withContext(ContextElement()) {
            ctx.value("outer")
            requestId.set("outer")
            withContext(ctx.element()) {
                ctx.value() shouldBe "outer"
                ctx.value("inner")
                requestId.set("inner")
                delay(1)
                ctx.value() shouldBe "inner"
            }
            ctx.value() shouldBe "outer"
            requestId.get() shouldBe "outer"
        }
    }

    test("an isolated block restores the caller's values when it throws") {
        withContext(ContextElement()) {
            ctx.value("outer")
            shouldThrow<IllegalStateException> {
                withContext(ctx.element()) {
                    ctx.value("inner")
                    yield()
                    error("boom")
                }
            }
            ctx.value() shouldBe "outer"
        }
    }

    test("an isolated block restores the caller's values when it is cancelled, and the caller's finally sees them") {
        withContext(ContextElement()) {
            ctx.value("outer")
            val started = CompletableDeferred<Unit>()
            val seenInFinally = CompletableDeferred<Any?>()
            val job = launch(Dispatchers.Default) {
                try {
                    withContext(ctx.element()) {
                        ctx.value("inner")
                        started.complete(Unit)
                        awaitCancellation()
                    }
                } finally {
                    seenInFinally.complete(ctx.value())
                }
            }
            started.await()
            job.cancelAndJoin()
            seenInFinally.await() shouldBe "outer"
            ctx.value() shouldBe "outer"
        }
    }

    test("an isolated block on another dispatcher is isolated and restored as well") {
        withContext(ContextElement()) {
            ctx.value("outer")
            withContext(ctx.element() + Dispatchers.IO) {
                ctx.value() shouldBe "outer"
                ctx.value("inner")
            }
            ctx.value() shouldBe "outer"
            shouldThrow<IllegalArgumentException> {
                withContext(Dispatchers.IO + ctx.element()) {
                    ctx.value("inner")
                    throw IllegalArgumentException("boom")
                }
            }
            ctx.value() shouldBe "outer"
        }
    }

    test("isolated blocks nest to any depth, each restoring its caller's values") {
        withContext(ContextElement()) {
            suspend fun nest(depth: Int) {
                ctx.value(depth)
                if (depth < 20) {
                    withContext(ctx.element()) { nest(depth + 1) }
                    ctx.value() shouldBe depth
                }
            }
            nest(0)
            ctx.value() shouldBe 0
        }
    }

    test("withTimeout inside and around an isolated block leaves the caller's values intact") {
        runTest(ContextElement()) {
            ctx.value("outer")
            withTimeoutOrNull(100) {
                withContext(ctx.element()) {
                    ctx.value("inner")
                    delay(1_000)
                }
            } shouldBe null
            ctx.value() shouldBe "outer"
            shouldThrow<TimeoutCancellationException> {
                withContext(ctx.element()) {
                    ctx.value("inner")
                    withTimeout(100) { delay(1_000) }
                }
            }
            ctx.value() shouldBe "outer"
        }
    }

    test("cancelling or failing a child in every isolation form leaves the parent's values intact") {
        withContext(ContextElement()) {
            ctx.value("parent")
            supervisorScope {
                val started = CompletableDeferred<Unit>()
                val launched = launch(Dispatchers.Default) {
                    ctx.value("launched")
                    started.complete(Unit)
                    awaitCancellation()
                }
                started.await()
                launched.cancelAndJoin()
                val failed = async { ctx.value("async"); yield(); error("boom") }
                shouldThrow<IllegalStateException> { failed.await() }
                val timedOut = async { withTimeoutOrNull(1) { ctx.value("timed-out"); awaitCancellation() } }
                timedOut.await() shouldBe null
                val isolated = ctx.isolate(flowOf(1, 2, 3))
                shouldThrow<CancellationException> {
                    withTimeout(1) { ctx.flow<Int> { ctx.value("flow"); awaitCancellation() }.collect { } }
                }
                isolated.collect { ctx.value() shouldBe "parent" }
            }
            ctx.value() shouldBe "parent"
        }
    }

    test("a ContextVar token set before a suspension resets after it, on another thread") {
        withThreads(2) { (a, b) ->
            val user = ContextVar("user", "nobody")
            withContext(ContextElement() + a.dispatcher) {
                val token = user.set("alice")
                withContext(b.dispatcher) { user.get() shouldBe "alice" }
                delay(1)
                user.reset(token)
                user.get() shouldBe "nobody"
            }
        }
    }

    test("asContextElement runs the block in a copy of the given context and leaves that context unwritten") {
        val user = ContextVar<String>("user")
        val snapshot = copyContext().also { it.run { user.set("alice") } }
        withContext(ContextElement()) {
            user.set("caller")
            withContext(snapshot.asContextElement()) {
                user.get() shouldBe "alice"
                user.set("bob")
                // The element copied it, so the snapshot itself can still be entered elsewhere.
                snapshot.run { user.get() } shouldBe "alice"
            }
            user.get() shouldBe "caller"
        }
        snapshot[user] shouldBe "alice"
    }

    test("element() on a PURE namespace says why it is unsupported and what to use") {
        val pure = ContextLocal(Backend.PURE)
        val e = shouldThrow<UnsupportedOperationException> { pure.element() }
        e.message shouldContain "PURE"
        e.message shouldContain "stay on the thread"
        e.message shouldContain "Backend.NATIVE"
        shouldThrow<UnsupportedOperationException> { pure.isolate(flowOf(1)) }.message shouldContain "Backend.NATIVE"
        shouldThrow<UnsupportedOperationException> { pure.flow<Int> { emit(1) } }.message shouldContain "Backend.NATIVE"
    }
})
