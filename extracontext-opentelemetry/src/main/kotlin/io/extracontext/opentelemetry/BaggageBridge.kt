package io.extracontext.opentelemetry

import io.extracontext.Token
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.context.Context
import io.opentelemetry.context.Scope

/**
 * Chosen variables as OpenTelemetry `Baggage` entries and back: the route that works where only
 * OpenTelemetry's own `baggage` propagator runs (the Java agent's instrumented clients and servers).
 */
internal object BaggageBridge {
    @JvmSynthetic
    fun withBaggage(propagator: ContextVarPropagator, context: Context): Context {
        StorageCheck.checkOnce()
        var builder: io.opentelemetry.api.baggage.BaggageBuilder? = null
        val carried = CarriedValues.of(context)
        for (e in propagator.entries) {
            val text = e.encodedValue(carried) ?: continue
            (builder ?: Baggage.fromContext(context).toBuilder().also { builder = it }).put(e.key, text)
        }
        val b = builder ?: return context
        return context.with(b.build())
    }

    @JvmSynthetic
    fun enterFromBaggage(propagator: ContextVarPropagator, context: Context): Scope {
        StorageCheck.checkOnce()
        val baggage = Baggage.fromContextOrNull(context) ?: return Scope.noop()
        if (baggage.isEmpty) return Scope.noop()
        var tokens: ArrayList<Token<Any?>>? = null
        for (e in propagator.entries) {
            val text = baggage.getEntryValue(e.key) ?: continue
            val decoded = try {
                e.decode.apply(text)
            } catch (ex: RuntimeException) {
                e.decodeFailed.report(ex.toString())
                continue
            }
            if (decoded == null) { e.decodeFailed.report("the decoder returned null"); continue }
            (tokens ?: ArrayList<Token<Any?>>().also { tokens = it }).add(e.variable.set(decoded))
        }
        val t = tokens ?: return Scope.noop()
        return scopeOf(t.toTypedArray())
    }

    /** A scope that resets [tokens] once, quietly (OpenTelemetry scopes do not throw on close). */
    @JvmSynthetic
    fun scopeOf(tokens: Array<Token<Any?>>): Scope = object : Scope {
        private var closed = false

        override fun close() {
            if (closed) return
            closed = true
            CarriedValues.exit(tokens)
        }
    }
}
