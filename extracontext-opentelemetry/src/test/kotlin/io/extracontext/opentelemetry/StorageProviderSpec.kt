package io.extracontext.opentelemetry

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.flow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.Context
import io.opentelemetry.context.ContextKey
import io.opentelemetry.context.ContextStorage
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

class StorageProviderSpec : FunSpec({
    val key = ContextKey.named<String>("k")

    test("OpenTelemetry picks our storage when it is the only provider on the class path") {
        ContextStorage.get().javaClass.name shouldBe "io.extracontext.opentelemetry.ExtraContextStorage"
    }

    test("makeCurrent sets the current OpenTelemetry context and close restores exactly the one before") {
        val outer = Context.root().with(key, "outer")
        outer.makeCurrent().use {
            Context.current().get(key) shouldBe "outer"
            Context.current().with(key, "inner").makeCurrent().use { Context.current().get(key) shouldBe "inner" }
            Context.current() shouldBeSameInstanceAs outer
        }
        Context.current() shouldBeSameInstanceAs Context.root()
    }

    test("the OpenTelemetry context lives in the extracontext context: a copy taken to another thread sees the span") {
        val span = spanWithNewTraceId()
        span.makeCurrent().use {
            val snapshot = copyContext()
            var seen: String? = null
            thread { seen = snapshot.run { Span.current().spanContext.traceId } }.join()
            seen shouldBe span.spanContext.traceId
        }
    }

    test("a span made current inside a coroutine stays with it across suspensions and dispatchers, and siblings keep their own") {
        val spans = List(8) { spanWithNewTraceId() }
        val seen = runBlocking(Dispatchers.Default + ContextElement()) {
            spans.map { span ->
                async {
                    span.makeCurrent().use {
                        yield()
                        withContext(Dispatchers.IO) { delay(1) }
                        delay(1)
                        Span.current().spanContext.traceId
                    }
                }
            }.awaitAll()
        }
        seen shouldContainExactly spans.map { it.spanContext.traceId }
        Span.current() shouldBe Span.getInvalid()
    }

    test("baggage made current travels into a ContextPreservingExecutor task, and nothing stays on the pool thread after it") {
        val baggage = Baggage.builder().put("tenant", "acme").build()
        ContextPreservingExecutor(1).use { pool ->
            baggage.makeCurrent().use {
                pool.submit<String?> { Baggage.current().getEntryValue("tenant") }.get(10, TimeUnit.SECONDS) shouldBe "acme"
            }
            pool.submit<Boolean> { Baggage.current().isEmpty && Context.current() === Context.root() }.get(10, TimeUnit.SECONDS) shouldBe true
        }
    }

    test("each collection of an isolated flow has its own current span") {
        val ctx = ContextLocal()
        val values = ctx.flow {
            val span = spanWithNewTraceId()
            span.makeCurrent()   // left open on purpose: the isolation discards it with the collection
            emit(Span.current().spanContext.traceId)
        }
        runBlocking(ContextElement()) {
            val a = values.toList().single()
            val b = values.toList().single()
            a shouldNotBe b
            Span.current() shouldBe Span.getInvalid()
        }
    }

    test("each iteration of an isolated sequence has its own current span, interleaved with another, and the caller keeps its own") {
        val ctx = ContextLocal()
        fun spans() = ctx.sequence {
            val span = spanWithNewTraceId()
            span.makeCurrent()   // left open on purpose: it belongs to this iterator only
            yield(Span.current().spanContext.traceId)
            yield(Span.current().spanContext.traceId)
        }
        val caller = spanWithNewTraceId()
        caller.makeCurrent().use {
            val a = spans().iterator()
            val b = spans().iterator()
            val a1 = a.next()
            val b1 = b.next()
            Span.current() shouldBe caller
            a.next() shouldBe a1
            b.next() shouldBe b1
            a1 shouldNotBe b1
        }
    }

    test("a scope closed out of order restores the context from before it, closes the inner one with it, and throws nothing") {
        val a = Context.root().with(key, "a")
        val b = Context.root().with(key, "b")
        val before = copyContext()
        val misusesBefore = ExtraContextStorage.outOfOrder.count
        capturingLog { log ->
            repeat(3) {
                val scopeA = a.makeCurrent()
                val scopeB = b.makeCurrent()
                scopeA.close()                               // out of order
                Context.current() shouldBeSameInstanceAs Context.root()
                scopeB.close()                               // already closed with A: does nothing
                Context.current() shouldBeSameInstanceAs Context.root()
                copyContext() shouldBe before                // nothing pinned: the extracontext context is as before
            }
            // logged at FINE, and at most once per JVM (an earlier spec may already have triggered it)
            log.filter { it.message.contains("closed out of order") }.all { it.level == java.util.logging.Level.FINE } shouldBe true
            log.count { it.message.contains("closed out of order") } shouldBeLessThanOrEqual 1
        }
        ExtraContextStorage.outOfOrder.count - misusesBefore shouldBe 3L   // each one counted, none thrown
    }

    test("a scope closed on another thread changes nothing there and throws nothing; closed where it was opened it restores") {
        val scope = Context.root().with(key, "x").makeCurrent()
        var otherSaw: String? = "unset"
        thread {
            scope.close()
            otherSaw = Context.current().get(key)
        }.join()
        otherSaw shouldBe null
        Context.current().get(key) shouldBe "x"
        scope.close()
        Context.current().get(key) shouldBe null
    }

    test("closing the same scope twice is a no-op the second time") {
        val outer = Context.root().with(key, "outer").makeCurrent()
        val inner = Context.root().with(key, "inner").makeCurrent()
        inner.close()
        inner.close()
        Context.current().get(key) shouldBe "outer"
        outer.close()
        Context.current() shouldBeSameInstanceAs Context.root()
    }

    test("values carried by an extracted context are set while it is current, and not re-applied by a child span over what the service set") {
        val requestId = ContextVar<String>("requestId")
        val propagator = ContextVarPropagator.builder().add(requestId, "request-id").build()
        val extracted = propagator.extract(Context.root(), mapOf("baggage" to "request-id=r-1"), MapGetter)
        requestId.isSet() shouldBe false
        extracted.makeCurrent().use {
            requestId.get() shouldBe "r-1"
            requestId.set("r-2")
            Context.current().with(spanWithNewTraceId()).makeCurrent().use { requestId.get() shouldBe "r-2" }
            requestId.get() shouldBe "r-2"
        }
        requestId.isSet() shouldBe false
    }

    test("an out-of-order close also undoes the values an inner extracted context set") {
        val requestId = ContextVar<String>("requestId")
        val propagator = ContextVarPropagator.builder().add(requestId, "request-id").build()
        val outer = Context.root().with(key, "outer").makeCurrent()
        val inner = propagator.extract(Context.root(), mapOf("baggage" to "request-id=r-9"), MapGetter).makeCurrent()
        requestId.get() shouldBe "r-9"
        outer.close()
        requestId.isSet() shouldBe false
        inner.close()
        requestId.isSet() shouldBe false
        Context.current() shouldBeSameInstanceAs Context.root()
    }
})
