package io.extracontext.opentelemetry

import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.ContextStorage
import io.opentelemetry.instrumentation.annotations.WithSpan

/** A method the Java agent wraps in a span of its own (`@WithSpan`); without the agent a plain call. */
object Traced {
    /** The trace and span ids current inside the method. */
    @WithSpan
    @JvmStatic
    fun ids(): Pair<String, String> = Span.current().spanContext.let { it.traceId to it.spanId }

    /**
     * The trace of the span the agent's own storage holds inside the method: under the agent, the
     * span it made for the call, in the trace of the parent it chose (an instrumentation reads that
     * storage, not ours); without it, the current span's.
     */
    @WithSpan
    @JvmStatic
    fun parentTraceChosenByTheAgent(): String {
        val storage = ContextStorage.get()
        val held = if (storage is ForeignStorageBridge.Bridged) storage.delegate.current() else io.opentelemetry.context.Context.current()
        return Span.fromContextOrNull(held ?: return "none")?.spanContext?.traceId ?: "none"
    }
}
