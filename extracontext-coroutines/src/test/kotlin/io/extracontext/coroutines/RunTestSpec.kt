package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/** The same guarantees under kotlinx-coroutines-test, where time is virtual and everything runs on one thread. */
@OptIn(ExperimentalCoroutinesApi::class)
class RunTestSpec : FunSpec({
    val ctx = ContextLocal()

    test("tasks interleaved by virtual time each keep their own value") {
        runTest(ContextElement()) {
            val results = (0 until 10).map { i ->
                async {
                    ctx.value(i)
                    delay(100L * (10 - i)) // the last launched resumes first
                    ctx.value()
                }
            }.awaitAll()
            results shouldBe (0 until 10).toList()
            currentTime shouldBe 1_000
            ctx.value() shouldBe null
        }
    }

    test("a child sees the parent's values at launch; the parent's later writes and the child's own stay apart") {
        runTest(ContextElement()) {
            ctx.value("before launch")
            val child = launch {
                delay(10)
                ctx.value() shouldBe "before launch"
                ctx.value("child")
            }
            ctx.value("after launch")
            advanceTimeBy(20)
            child.isCompleted shouldBe true
            ctx.value() shouldBe "after launch"
        }
    }

    test("an isolated block that times out in virtual time leaves the caller's values intact") {
        runTest(ContextElement()) {
            ctx.value("caller")
            withTimeoutOrNull(50) {
                withContext(ctx.element()) {
                    ctx.value("isolated")
                    awaitCancellation()
                }
            } shouldBe null
            currentTime shouldBe 50
            ctx.value() shouldBe "caller"
        }
    }

    test("a scope opened before a virtual delay is still open after it") {
        runTest(ContextElement()) {
            ctx.value("outer")
            ctx.enter().use {
                ctx.value("inner")
                delay(1_000)
                ctx.value() shouldBe "inner"
            }
            ctx.value() shouldBe "outer"
        }
    }

    test("coroutines started eagerly by an UnconfinedTestDispatcher stay apart from the test body") {
        runTest(UnconfinedTestDispatcher() + ContextElement()) {
            ctx.value("body")
            val child = launch {
                ctx.value("child")
                delay(10)
                ctx.value() shouldBe "child"
            }
            ctx.value() shouldBe "body"
            child.join()
            ctx.value() shouldBe "body"
        }
    }

    test("background coroutines of a TestScope get their own copies") {
        val scope = TestScope(ContextElement())
        scope.runTest {
            ctx.value("body")
            val seen = mutableListOf<Any?>()
            backgroundScope.launch {
                seen += ctx.value()
                ctx.value("background")
                delay(5)
                seen += ctx.value()
            }
            runCurrent()
            delay(10)
            seen shouldBe listOf("body", "background")
            ctx.value() shouldBe "body"
        }
    }
})
