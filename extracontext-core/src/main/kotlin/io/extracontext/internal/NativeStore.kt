package io.extracontext.internal

import io.extracontext.ContextVar
import io.extracontext.pmap.Absent
import io.extracontext.jvm.ThreadSlot
import io.extracontext.pmap.PersistentMap
import io.extracontext.spi.AttributeHit
import io.extracontext.spi.ContextCell

/**
 * The native backend: the whole namespace is one [ContextVar] whose value is an immutable map of
 * attributes, so an attribute lives in the context exactly as a variable does, and isolation is
 * the context's own copy-on-write.
 */
internal class NativeStore(label: String) : NamespaceStore {
    private val variable = ContextVar<PersistentMap<String, Any?>>(label)

    override fun get(name: String): Any? {
        val cell = ThreadSlot.cell() ?: return Absent
        // The cell's attribute cache (issue #13), checked against the cell's map as ContextCell.hit
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
