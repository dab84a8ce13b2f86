package io.extracontext.jvm

import io.extracontext.Context
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater

/**
 * Marks a [Context] as entered with one compare-and-set on a field of the context itself, so that
 * two threads can never run in the same context object and a copy stays a single small object.
 */
internal object EnterGuard {
    private val updater = AtomicReferenceFieldUpdater.newUpdater(Context::class.java, Any::class.java, "enteredBy")

    fun tryEnter(context: Context, by: Any): Boolean = updater.compareAndSet(context, null, by)
}
