package io.extracontext.opentelemetry

import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanContext
import io.opentelemetry.api.trace.TraceFlags
import io.opentelemetry.api.trace.TraceState
import io.opentelemetry.context.propagation.TextMapGetter
import io.opentelemetry.context.propagation.TextMapSetter
import java.util.concurrent.ThreadLocalRandom
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord

/** A span without an SDK: a SpanContext made by hand and wrapped, enough to carry a trace id. */
fun spanWithNewTraceId(): Span {
    val r = ThreadLocalRandom.current()
    val traceId = "%016x%016x".format(r.nextLong() or 1, r.nextLong())
    val spanId = "%016x".format(r.nextLong() or 1)
    return Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
}

object MapSetter : TextMapSetter<MutableMap<String, String>> {
    override fun set(carrier: MutableMap<String, String>?, key: String, value: String) {
        carrier!![key] = value
    }
}

object MapGetter : TextMapGetter<Map<String, String>> {
    override fun keys(carrier: Map<String, String>): Iterable<String> = carrier.keys
    override fun get(carrier: Map<String, String>?, key: String): String? = carrier?.get(key)
}

/** Collects what the module logs while [block] runs. */
fun <R> capturingLog(block: (List<LogRecord>) -> R): R {
    val records = java.util.Collections.synchronizedList(ArrayList<LogRecord>())
    val handler = object : Handler() {
        override fun publish(record: LogRecord) { records.add(record) }
        override fun flush() {}
        override fun close() {}
    }
    val previous = LOG.level
    LOG.level = Level.ALL
    LOG.addHandler(handler)
    try {
        return block(records)
    } finally {
        LOG.removeHandler(handler)
        LOG.level = previous
    }
}
