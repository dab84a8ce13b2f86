package io.extracontext

import io.extracontext.spi.openScopes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.ref.WeakReference
import java.util.concurrent.CountDownLatch
import java.util.logging.Handler
import java.util.logging.LogRecord
import java.util.logging.Logger
import kotlin.concurrent.thread

/** Runs [block] with strict mode set to [on], restoring the previous setting after. */
internal inline fun <R> strict(on: Boolean, block: () -> R): R {
    val before = StrictMode.enabled
    StrictMode.enabled = on
    try {
        return block()
    } finally {
        StrictMode.enabled = before
    }
}

class ScopeMisuseSpec : FunSpec({

    for (backend in Backend.entries) {
        context("$backend backend") {

            test("closing a scope twice is a no-op") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("v", 1)
                    val scope = ctx.enter()
                    ctx.setAttribute("v", 2)
                    scope.close()
                    scope.close()
                    ctx.getAttribute("v") shouldBe 1
                }
            }

            test("closing a scope out of order throws after restoring the context from before it") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("v", "outside")
                    val outer = ctx.enter()
                    ctx.setAttribute("v", "outer")
                    val inner = ctx.enter()
                    ctx.setAttribute("v", "inner")
                    val e = shouldThrow<IllegalStateException> { outer.close() }
                    e.message shouldContain "out of order"
                    ctx.getAttribute("v") shouldBe "outside"
                    inner.close() // closed together with outer: changes nothing now
                    ctx.getAttribute("v") shouldBe "outside"
                }
            }

            test("closing a scope from another thread throws and changes no thread's context") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("v", "before")
                    val scope = ctx.enter()
                    ctx.setAttribute("v", "inside")
                    var failure: Throwable? = null
                    var otherSaw: Any? = "unset"
                    thread {
                        failure = runCatching { scope.close() }.exceptionOrNull()
                        otherSaw = ctx.getAttribute("v", null)
                    }.join()
                    (failure is IllegalStateException) shouldBe true
                    failure!!.message shouldContain "another thread"
                    otherSaw.shouldBeNull()
                    ctx.getAttribute("v") shouldBe "inside"
                    scope.close()
                    ctx.getAttribute("v") shouldBe "before"
                }
            }

            test("misuse errors name the opening location in strict mode only") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    strict(on = false) {
                        val outer = ctx.enter()
                        ctx.enter()
                        val e = shouldThrow<IllegalStateException> { outer.close() }
                        e.cause.shouldBeNull()
                        e.message shouldContain "StrictMode"
                    }
                    strict(on = true) {
                        val outer = ctx.enter()
                        ctx.enter()
                        val e = shouldThrow<IllegalStateException> { outer.close() }
                        val cause = e.cause.shouldNotBeNull()
                        cause.message shouldContain "Scope opened here"
                        cause.stackTrace.any { it.className.startsWith(ScopeMisuseSpec::class.java.name) } shouldBe true
                    }
                }
            }
        }
    }

    test("out-of-order closes on one thread leave no chain of contexts behind") {
        val ctx = ContextLocal()
        Context().run {
            repeat(10_000) {
                val outer = ctx.enter()
                ctx.enter()
                ctx.enter()
                runCatching { outer.close() }
            }
            @OptIn(io.extracontext.ExtraContextSpi::class)
            io.extracontext.spi.CurrentCell.get()!!.openScopes() shouldBe 1 // only this Context().run
        }
    }

    test("in strict mode a scope that becomes unreachable while open is logged with where it was opened") {
        val records = mutableListOf<LogRecord>()
        val logged = CountDownLatch(1)
        val handler = object : Handler() {
            override fun publish(record: LogRecord) {
                synchronized(records) { records.add(record) }
                logged.countDown()
            }
            override fun flush() {}
            override fun close() {}
        }
        val logger = Logger.getLogger("io.extracontext.Scope")
        logger.addHandler(handler)
        try {
            val ctx = ContextLocal()
            val ref = strict(on = true) {
                Context().run {
                    fun openAndDrop(): WeakReference<Scope> = WeakReference(ctx.enter())
                    openAndDrop()
                }
            }
            var attempts = 0
            while (logged.count > 0 && attempts++ < 100) {
                System.gc()
                logged.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)
            }
            ref.get().shouldBeNull()
            val record = synchronized(records) { records.first() }
            record.message shouldContain "unreachable while still open"
            record.thrown.message shouldContain "Scope opened here"
        } finally {
            logger.removeHandler(handler)
        }
    }

    test("with strict mode off a scope records no location") {
        val ctx = ContextLocal()
        strict(on = false) {
            Context().run {
                val outer = ctx.enter()
                ctx.enter()
                shouldThrow<IllegalStateException> { outer.close() }.cause.shouldBeNull()
            }
        }
    }
})
