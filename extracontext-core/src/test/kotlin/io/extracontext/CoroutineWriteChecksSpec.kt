package io.extracontext

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.util.concurrent.Callable
import kotlin.concurrent.thread

/**
 * Issue #15, seen from core (which has no kotlinx.coroutines): writes that are not inside a
 * coroutine are never reported, in strict mode or not. The reports themselves are tested in
 * extracontext-coroutines, where there are coroutines to make the mistake with.
 */
class CoroutineWriteChecksSpec : FunSpec({
    val requestId = ContextVar<String>("request_id")
    val ctx = ContextMap()

    /** Every kind of write, from a thread's first one on: set, attribute, map put, enter(). */
    fun everyKindOfWrite() {
        requestId.set("r-1")
        ctx.setAttribute("user", "alice")
        ctx["color"] = "red"
        ctx.enter().use { ctx.setAttribute("user", "bob") }
        requestId.withValue("r-2") { ctx.remove("color") }
    }

    test("writes on a plain thread are not reported, from its first write on, also in strict mode") {
        CoroutineReports.capture(strict = true) { records ->
            var seen: String? = null
            thread(name = "plain") {
                everyKindOfWrite()
                seen = requestId.get()
            }.join()
            seen shouldBe "r-1"
            records.shouldBeEmpty()
        }
    }

    test("writes on a ContextPreservingExecutor task are not reported, also in strict mode") {
        CoroutineReports.capture(strict = true) { records ->
            ContextPreservingExecutor(1).use { pool ->
                pool.submit(Callable { everyKindOfWrite(); requestId.get() }).get() shouldBe "r-1"
            }
            records.shouldBeEmpty()
        }
    }

    test("writes in an isolated sequence are not reported, also in strict mode, and stay in the sequence") {
        CoroutineReports.capture(strict = true) { records ->
            thread(name = "sequence-caller") {
                val steps = ctx.sequence { everyKindOfWrite(); yield(requestId.get()) }.toList()
                steps shouldBe listOf("r-1")
                requestId.isSet() shouldBe false
            }.join()
            records.shouldBeEmpty()
        }
    }

    test("a plain sequence { } is not a coroutine of kotlinx: its writes on a plain thread are not reported") {
        CoroutineReports.capture(strict = true) { records ->
            thread(name = "plain-sequence") {
                sequence { requestId.set("in a sequence"); yield(requestId.get()) }.toList() shouldBe listOf("in a sequence")
            }.join()
            records.shouldBeEmpty()
        }
    }
})
