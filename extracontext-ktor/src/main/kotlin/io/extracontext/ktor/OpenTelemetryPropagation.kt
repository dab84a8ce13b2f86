package io.extracontext.ktor

import io.extracontext.opentelemetry.ContextVarPropagator
import io.ktor.client.request.HttpRequestBuilder
import io.opentelemetry.context.propagation.TextMapSetter

// In a file of its own: its class (and OpenTelemetry's) is loaded only by code that calls it, so
// the client plugin works without extracontext-opentelemetry on the class path.

/**
 * Sends the variables of [propagator] with every request, as members of the W3C `baggage` header
 * (the receiving side reads them with the same propagator, or any W3C baggage reader).
 *
 * ```kotlin
 * val propagator = ContextVarPropagator.builder().add(requestId, "request_id").build()
 * val client = HttpClient(CIO) {
 *     install(ExtraContextClient) { propagator(propagator) }
 * }
 * ```
 */
public fun ExtraContextClientConfig.propagator(propagator: ContextVarPropagator) {
    injectors += { request -> propagator.inject(io.opentelemetry.context.Context.current(), request, RequestSetter) }
}

private object RequestSetter : TextMapSetter<HttpRequestBuilder> {
    override fun set(carrier: HttpRequestBuilder?, key: String, value: String) {
        carrier?.headers?.set(key, value)
    }
}
