package io.extracontext.opentelemetry

import io.opentelemetry.api.trace.Span
import io.opentelemetry.instrumentation.annotations.WithSpan

/** A method the Java agent wraps in a span of its own (`@WithSpan`); without the agent a plain call. */
object Traced {
    /** The trace and span ids current inside the method. */
    @WithSpan
    @JvmStatic
    fun ids(): Pair<String, String> = Span.current().spanContext.let { it.traceId to it.spanId }
}
