package io.extracontext.namespace.nativebackend

import io.extracontext.AttributeHit
import io.extracontext.ContextCell
import io.extracontext.ContextVar
import io.extracontext.Execution
import io.extracontext.Scope
import io.extracontext.namespace.NamespaceStore
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
        val cell = Execution.currentCell() ?: return Absent
        // The cell's attribute cache, checked against the cell's map as ContextCell.hit
        // is, without the namespace variable's lookup. The name is compared by identity first, so
        // a caller that reuses its name string (a constant, a delegated property's name) skips
        // String.equals.
        val hit = cell.attributeHit
        if (hit != null && hit.namespace === variable && hit.map === cell.vars && (hit.name === name || hit.name == name)) {
            return hit.value
        }
        return probe(cell, name)
    }

    // The map is read once, as in ContextVar's miss path.
    private fun probe(cell: ContextCell, name: String): Any? {
        val vars = cell.vars
        val attributes = vars.get(variable)
        if (attributes === Absent || attributes == null) return Absent
        @Suppress("UNCHECKED_CAST")
        val value = (attributes as PersistentMap<String, Any?>).get(name)
        if (value !== Absent) cell.attributeHit = AttributeHit(vars, variable, name, value)
        return value
    }

    override fun put(name: String, value: Any?) {
        val attributes = variable.getOrNull() ?: PersistentMap.empty()
        variable.setWithoutToken(attributes.put(name, value), name)
    }

    override fun visible(): Map<String, Any?> {
        val attributes = variable.getOrNull() ?: return emptyMap()
        return buildMap { attributes.forEach { k, v -> put(k, v) } }
    }

    override fun <R> runIsolated(block: () -> R): R = NativeIsolation.runIsolated(block)

    override fun enter(): Scope = NativeIsolation.enter(variable)

    override fun <T> isolatedIterator(open: () -> Iterator<T>): Iterator<T> = NativeIsolation.isolatedIterator(open)
}
