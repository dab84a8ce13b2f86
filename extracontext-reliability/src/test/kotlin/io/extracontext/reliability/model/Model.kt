package io.extracontext.reliability.model

import java.util.concurrent.atomic.AtomicInteger

/**
 * The reference model of API.md, small enough to be obviously right. What one execution sees of
 * the native store: a context identity (a token resets only in the context that made it) and the
 * values of the two variables, the namespace's attributes (Backend.NATIVE), the MDC key and the
 * OpenTelemetry key. Immutable: isolation is "keep the old one, work on a copy with a new identity".
 */
data class NativeState(
    val id: Int,
    val vars: Map<Int, Int> = emptyMap(),
    val attrs: Map<String, Int> = emptyMap(),
    val mdc: String? = null,
    val otel: Int? = null,
) {
    /** A copy of this context: same values, a new identity (copyContext(), isolation, a child). */
    fun fresh(): NativeState = copy(id = ids.incrementAndGet())

    companion object {
        private val ids = AtomicInteger()

        fun root(): NativeState = NativeState(ids.incrementAndGet())
    }
}

/** A token as the model sees it: its variable, the value before (null: none), where it was made. */
class ModelToken(val v: Int, val old: Int?, val contextId: Int) {
    var used = false
}

/**
 * Backend.PURE as API.md states it: frames per thread; isolation pushes a frame, a lookup sees the
 * live outer values, a delete hides them in this frame only; an iterator keeps its own frames and
 * hangs them under the caller's current frame for each step.
 */
class PureModel {
    class Frame(var parent: Frame?) {
        val values = HashMap<String, Any>()
    }

    var top = Frame(null)

    fun get(name: String): Int? {
        var f: Frame? = top
        while (f != null) {
            val v = f.values[name]
            if (v != null) return if (v === DELETED) null else v as Int
            f = f.parent
        }
        return null
    }

    fun visible(): Map<String, Int> = listOf("a", "b").mapNotNull { n -> get(n)?.let { n to it } }.toMap()

    companion object {
        val DELETED = Any()
    }
}
