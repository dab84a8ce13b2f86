package io.extracontext.opentelemetry

import io.opentelemetry.context.Context
import io.opentelemetry.context.propagation.TextMapGetter
import io.opentelemetry.context.propagation.TextMapPropagator
import io.opentelemetry.context.propagation.TextMapSetter
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider

/**
 * Names [ContextVarPropagator] `extracontext` for OpenTelemetry's SDK autoconfigure:
 * `otel.propagators=tracecontext,extracontext` (in place of `baggage`, whose work it does too).
 * The variables are those of the propagator given to [ContextVarPropagator.registerForAutoconfigure].
 *
 * ```properties
 * otel.propagators=tracecontext,extracontext
 * ```
 */
public class ExtraContextPropagatorProvider : ConfigurablePropagatorProvider {
    /**
     * The propagator, following whatever [ContextVarPropagator.registerForAutoconfigure] set, also later.
     *
     * ```kotlin
     * ExtraContextPropagatorProvider().getPropagator(config)
     * ```
     */
    override fun getPropagator(config: ConfigProperties?): TextMapPropagator = Registered

    /**
     * `extracontext`.
     *
     * ```kotlin
     * ExtraContextPropagatorProvider().getName()   // "extracontext"
     * ```
     */
    override fun getName(): String = "extracontext"

    private object Registered : TextMapPropagator {
        override fun fields(): Collection<String> = ContextVarPropagator.forAutoconfigure.fields()

        override fun <C> inject(context: Context?, carrier: C?, setter: TextMapSetter<C>?) = ContextVarPropagator.forAutoconfigure.inject(context, carrier, setter)

        override fun <C> extract(context: Context?, carrier: C?, getter: TextMapGetter<C>?): Context = ContextVarPropagator.forAutoconfigure.extract(context, carrier, getter)

        override fun toString(): String = "extracontext(${ContextVarPropagator.forAutoconfigure})"
    }
}
