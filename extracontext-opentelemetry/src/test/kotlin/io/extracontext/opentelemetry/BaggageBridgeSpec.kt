package io.extracontext.opentelemetry

import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.context.Context

/** Variables as OpenTelemetry `Baggage` entries and back: the route under the Java agent. */
class BaggageBridgeSpec : FunSpec({
    val requestId = ContextVar<String>("requestId")
    val count = ContextVar<Int>("count")
    val propagator = ContextVarPropagator.builder()
        .add(requestId, "request-id")
        .add(count, "count", { it.toString() }, { it.toInt() })
        .build()

    fun received(vararg entries: Pair<String, String>): Context {
        val b = Baggage.builder()
        for ((k, v) in entries) b.put(k, v)
        return Context.root().with(b.build())
    }

    test("withBaggage adds the variables that have a value and keeps the entries already there") {
        val base = Context.root().with(Baggage.builder().put("user-entry", "u").build())
        val baggage = requestId.withValue("r-1") { Baggage.fromContext(propagator.withBaggage(base)) }
        baggage.asMap().mapValues { it.value.value } shouldBe mapOf("user-entry" to "u", "request-id" to "r-1")
    }

    test("withBaggage returns the context itself when no variable has a value") {
        val base = Context.root()
        (propagator.withBaggage(base) === base) shouldBe true
    }

    test("an encoder that throws drops its value, the others are added") {
        val bad = ContextVar<String>("bad")
        val p = ContextVarPropagator.builder().add(requestId, "request-id").add(bad, "bad", { error("no") }, { it }).build()
        val baggage = requestId.withValue("r-2") { bad.withValue("x") { Baggage.fromContext(p.withBaggage(Context.root())) } }
        baggage.asMap().keys shouldBe setOf("request-id")
    }

    test("enterFromBaggage sets the variables for the scope and restores them after") {
        propagator.enterFromBaggage(received("request-id" to "r-3", "count" to "7", "other" to "o")).use {
            requestId.getOrNull() shouldBe "r-3"
            count.getOrNull() shouldBe 7
        }
        requestId.getOrNull() shouldBe null
        count.getOrNull() shouldBe null
    }

    test("a received value the decoder rejects is skipped, the others are set") {
        propagator.enterFromBaggage(received("request-id" to "r-4", "count" to "not-a-number")).use {
            requestId.getOrNull() shouldBe "r-4"
            count.getOrNull() shouldBe null
        }
    }

    test("a decoder that returns null skips the value") {
        val nullable = ContextVar<String?>("nullable", "unset")
        val p = ContextVarPropagator.builder().add(nullable, "request-id", { it ?: "" }, { null }).build()
        p.enterFromBaggage(received("request-id" to "r-5")).use { nullable.get() shouldBe "unset" }
    }

    test("a context without baggage sets nothing") {
        propagator.enterFromBaggage(Context.root()).use { requestId.getOrNull() shouldBe null }
    }

    test("closing the scope twice restores once and throws nothing") {
        val scope = propagator.enterFromBaggage(received("request-id" to "r-6"))
        scope.close()
        scope.close()
        requestId.getOrNull() shouldBe null
    }
})
