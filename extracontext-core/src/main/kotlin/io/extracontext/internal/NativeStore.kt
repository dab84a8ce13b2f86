package io.extracontext.internal

import io.extracontext.ContextVar
import io.extracontext.pmap.Absent
import io.extracontext.pmap.PersistentMap

/**
 * The native backend: the whole namespace is one [ContextVar] whose value is an immutable map of
 * attributes, so an attribute lives in the context exactly as a variable does, and isolation is
 * the context's own copy-on-write.
 */
internal class NativeStore(label: String) : NamespaceStore {
    private val variable = ContextVar<PersistentMap<String, Any?>>(label)

    override fun get(name: String): Any? {
        val attributes = variable.getOrNull() ?: return Absent
        return attributes.get(name)
    }

    override fun put(name: String, value: Any?) {
        val attributes = variable.getOrNull() ?: PersistentMap.empty()
        variable.setQuietly(attributes.put(name, value), name)
    }

    override fun visible(): Map<String, Any?> {
        val attributes = variable.getOrNull() ?: return emptyMap()
        return buildMap { attributes.forEach { k, v -> put(k, v) } }
    }

    override fun <R> isolated(block: () -> R): R = NativeIsolation.run(block)

    override fun enter(): io.extracontext.Scope = NativeIsolation.enter(variable)

    override fun <T> isolate(open: () -> Iterator<T>): Iterator<T> = NativeIsolation.isolate(open)
}
