package io.extracontext.jvm

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater

/**
 * Compare-and-set on one `@Volatile` reference field of [T], by name: the model marks a context as
 * entered this way, with one CAS on a field of the context itself, so that two threads can never
 * run in the same context object and a copy stays a single small object.
 */
internal class ReferenceFieldCas<T : Any>(type: Class<T>, field: String) {
    private val updater = AtomicReferenceFieldUpdater.newUpdater(type, Any::class.java, field)

    fun compareAndSet(target: T, expected: Any?, next: Any?): Boolean = updater.compareAndSet(target, expected, next)
}
