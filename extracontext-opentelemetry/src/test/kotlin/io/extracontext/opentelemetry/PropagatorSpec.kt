package io.extracontext.opentelemetry

import io.extracontext.ContextVar
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.api.baggage.BaggageEntryMetadata
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator
import io.opentelemetry.context.Context
import io.opentelemetry.context.propagation.TextMapPropagator
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider
import java.util.ServiceLoader

class PropagatorSpec : FunSpec({
    val requestId = ContextVar<String>("requestId")
    val userId = ContextVar<Long>("userId")
    val notCarried = ContextVar<String>("notCarried")
    val propagator = ContextVarPropagator.builder()
        .add(requestId, "request-id")
        .add(userId, "user-id", { it.toString() }, { it.toLong() })
        .build()

    fun inject(context: Context = Context.current(), p: TextMapPropagator = propagator): Map<String, String> = HashMap<String, String>().also { p.inject(context, it, MapSetter) }

    test("inject writes the current values of the added variables, and only those, as baggage members") {
        requestId.withValue("r 1/é") {
            userId.withValue(42L) {
                notCarried.withValue("secret") { inject() }
            }
        } shouldBe mapOf("baggage" to "request-id=r%201/%C3%A9,user-id=42")
    }

    test("inject writes no header when no added variable has a value and there is no baggage") {
        inject() shouldBe emptyMap()
    }

    test("the extracted context, entered with enterValues, has the values set, decoded, and restores them afterwards") {
        val extracted = propagator.extract(Context.root(), mapOf("baggage" to "request-id=r%201/%C3%A9, user-id = 7"), MapGetter)
        requestId.isSet() shouldBe false
        ContextVarPropagator.enterValues(extracted).use {
            requestId.get() shouldBe "r 1/é"
            userId.get() shouldBe 7L
        }
        requestId.isSet() shouldBe false
        userId.isSet() shouldBe false
    }

    test("OpenTelemetry's baggage entries and our variables go out in one header, neither losing the other's members") {
        val baggage = Baggage.builder().put("team", "blue green", BaggageEntryMetadata.create("prop=1")).put("request-id", "from-baggage").build()
        val header = requestId.withValue("r-7") { inject(Context.root().with(baggage)) }.getValue("baggage")
        header shouldBe "request-id=r-7,team=blue%20green;prop=1"
        // and back: W3CBaggagePropagator, a peer without extracontext, reads every member
        val peer = W3CBaggagePropagator.getInstance().extract(Context.root(), mapOf("baggage" to header), MapGetter)
        Baggage.fromContext(peer).getEntryValue("team") shouldBe "blue green"
        Baggage.fromContext(peer).getEntryValue("request-id") shouldBe "r-7"
    }

    test("a Baggage entry under one of our keys is sent when the variable has no value, and replaced by the variable when it has one") {
        val baggage = Context.root().with(Baggage.builder().put("request-id", "from-baggage").build())
        inject(baggage) shouldBe mapOf("baggage" to "request-id=from-baggage")
        requestId.withValue("r-var") { inject(baggage) } shouldBe mapOf("baggage" to "request-id=r-var")
    }

    test("inject without a context or a setter does nothing, and a null carrier is passed on to the setter") {
        var seen: String? = null
        requestId.withValue("r-1") {
            propagator.inject<Any>(null, Any(), { _, _, _ -> error("not called") })
            propagator.inject<Any>(Context.root(), Any(), null)
            propagator.inject<Any?>(Context.root(), null, { carrier, _, value -> if (carrier == null) seen = value })
        }
        seen shouldBe "request-id=r-1"
    }

    test("extract keeps OpenTelemetry's members in Baggage and ours in the variables, from a header a W3CBaggagePropagator wrote") {
        val carrier = HashMap<String, String>()
        W3CBaggagePropagator.getInstance().inject(
            Context.root().with(Baggage.builder().put("team", "blue").put("request-id", "r-8").build()),
            carrier,
            MapSetter,
        )
        val extracted = propagator.extract(Context.root(), carrier, MapGetter)
        Baggage.fromContext(extracted).asMap().keys shouldBe setOf("team")
        ContextVarPropagator.enterValues(extracted).use { requestId.get() shouldBe "r-8" }
    }

    test("composed after W3CBaggagePropagator, both directions keep every member") {
        val composite = TextMapPropagator.composite(W3CBaggagePropagator.getInstance(), propagator)
        val header = requestId.withValue("r-5") {
            inject(Context.root().with(Baggage.builder().put("team", "red").build()), composite)
        }.getValue("baggage")
        header shouldBe "request-id=r-5,team=red"
        val extracted = composite.extract(Context.root(), mapOf("baggage" to header), MapGetter)
        Baggage.fromContext(extracted).getEntryValue("team") shouldBe "red"
        ContextVarPropagator.enterValues(extracted).use { requestId.get() shouldBe "r-5" }
    }

    test("with the trace context propagator, the trace id and the variables travel together") {
        val full = TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), propagator)
        val span = spanWithNewTraceId()
        val carrier = span.makeCurrent().use { requestId.withValue("r-3") { inject(Context.current(), full) } }
        carrier.keys shouldBe setOf("traceparent", "baggage")
        val extracted = full.extract(Context.root(), carrier, MapGetter)
        extracted.makeCurrent().use {
            Span.current().spanContext.traceId shouldBe span.spanContext.traceId
            requestId.get() shouldBe "r-3"
        }
    }

    test("inject falls back to the values a given extracted context carries, as a proxy forwarding a request does") {
        val extracted = propagator.extract(Context.root(), mapOf("baggage" to "request-id=r-11"), MapGetter)
        inject(extracted) shouldBe mapOf("baggage" to "request-id=r-11")
    }

    test("the builder rejects a key that is not a token, a key twice and a variable twice, naming them") {
        shouldThrow<IllegalArgumentException> { ContextVarPropagator.builder().add(requestId, "bad key") }.message shouldContain "bad key"
        shouldThrow<IllegalArgumentException> { ContextVarPropagator.builder().add(requestId, "k").add(notCarried, "k") }.message shouldContain "'k'"
        shouldThrow<IllegalArgumentException> { ContextVarPropagator.builder().add(requestId, "a").add(requestId, "b") }.message shouldContain "requestId"
    }

    test("autoconfigure finds the propagator under the name extracontext, and it follows the registered one") {
        val provider = ServiceLoader.load(ConfigurablePropagatorProvider::class.java).single { it.name == "extracontext" }
        val configured = provider.getPropagator(null)
        configured.fields() shouldBe listOf("baggage")
        ContextVarPropagator.registerForAutoconfigure(propagator)
        val carrier = HashMap<String, String>()
        requestId.withValue("r-auto") { configured.inject(Context.root(), carrier, MapSetter) }
        carrier shouldBe mapOf("baggage" to "request-id=r-auto")
        ContextVarPropagator.enterValues(configured.extract(Context.root(), carrier, MapGetter)).use { requestId.get() shouldBe "r-auto" }
    }
})
