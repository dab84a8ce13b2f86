package io.extracontext

import io.extracontext.pmap.Absent

/**
 * A [ContextLocal] that is also a [MutableMap]: Python's `extracontext.ContextMap`. Map access and
 * attribute access reach the same store, so `map["k"] = v` is `setAttribute("k", v)`.
 *
 * ```kotlin
 * val ctx = ContextMap(mapOf("color" to "red", "font" to "arial"))
 * ctx["color"] = "blue"
 * ctx.getAttribute("color")          // "blue"
 * ctx.run { ctx.remove("font") }     // isolated: "font" is back afterwards
 * ```
 *
 * Follows the [MutableMap] contract: [get] of a missing key is `null`, `getValue` throws
 * [NoSuchElementException], [keys] iterate in sorted order, and the map equals any map with the
 * same entries. Every mutator, views and iterators included, writes to the current context only
 * and obeys the isolation rules of [ContextLocal]. [initial] entries are defaults visible in every
 * context until set or deleted there.
 */
public class ContextMap @JvmOverloads constructor(
    initial: Map<String, Any?> = emptyMap(),
    backend: Backend = Backend.NATIVE,
) : ContextLocal(backend), MutableMap<String, Any?> {

    private val defaults: Map<String, Any?> = LinkedHashMap(initial)

    @JvmSynthetic
    override fun defaultOf(name: String): Any? = if (defaults.containsKey(name)) defaults[name] else Absent

    @JvmSynthetic
    override fun defaultNames(): Set<String> = defaults.keys

    override val size: Int get() = visibleEntries().size

    override fun isEmpty(): Boolean = visibleEntries().isEmpty()

    override fun containsKey(key: String): Boolean = hasAttribute(key)

    override fun containsValue(value: Any?): Boolean = visibleEntries().any { it.second == value }

    override fun get(key: String): Any? = getAttribute(key, null)

    override fun put(key: String, value: Any?): Any? {
        val previous = lookup(key)
        setAttribute(key, value)
        return previous.takeUnless { it === Absent }
    }

    override fun remove(key: String): Any? {
        val previous = lookup(key)
        if (previous === Absent) return null
        deleteAttribute(key)
        return previous
    }

    override fun putAll(from: Map<out String, Any?>) {
        for ((k, v) in from) setAttribute(k, v)
    }

    override fun clear() {
        for ((name, _) in visibleEntries()) deleteAttribute(name)
    }

    override val keys: MutableSet<String> get() = KeyView()

    override val values: MutableCollection<Any?> get() = ValueView()

    override val entries: MutableSet<MutableMap.MutableEntry<String, Any?>> get() = EntryView()

    override fun equals(other: Any?): Boolean {
        if (this === other) return true
        if (other !is Map<*, *>) return false
        val mine = visibleEntries()
        if (mine.size != other.size) return false
        return mine.all { (k, v) -> other[k] == v && (v != null || other.containsKey(k)) }
    }

    override fun hashCode(): Int = visibleEntries().sumOf { (k, v) -> k.hashCode() xor v.hashCode() }

    override fun toString(): String = visibleEntries().joinToString(", ", "{", "}") { (k, v) -> "$k=$v" }

    /**
     * Walks a snapshot of the visible entries, in key order; `remove()` deletes the last key seen
     * from the current context.
     */
    private inner class SnapshotIterator<E>(private val project: (Pair<String, Any?>) -> E) : MutableIterator<E> {
        private val snapshot = visibleEntries().iterator()
        private var last: String? = null

        override fun hasNext(): Boolean = snapshot.hasNext()

        override fun next(): E = snapshot.next().also { last = it.first }.let(project)

        override fun remove() {
            val name = checkNotNull(last) { "remove() needs a preceding next(), and works once per element" }
            last = null
            if (hasAttribute(name)) deleteAttribute(name)
        }
    }

    private inner class KeyView : AbstractMutableSet<String>() {
        override val size: Int get() = this@ContextMap.size

        override fun iterator(): MutableIterator<String> = SnapshotIterator { it.first }

        override fun contains(element: String): Boolean = hasAttribute(element)

        override fun add(element: String): Boolean = throw UnsupportedOperationException("Add to a ContextMap through put(), not through its keys")

        override fun remove(element: String): Boolean {
            if (!hasAttribute(element)) return false
            deleteAttribute(element)
            return true
        }
    }

    private inner class ValueView : AbstractMutableCollection<Any?>() {
        override val size: Int get() = this@ContextMap.size

        override fun iterator(): MutableIterator<Any?> = SnapshotIterator { it.second }

        override fun add(element: Any?): Boolean = throw UnsupportedOperationException("Add to a ContextMap through put(), not through its values")
    }

    private inner class EntryView : AbstractMutableSet<MutableMap.MutableEntry<String, Any?>>() {
        override val size: Int get() = this@ContextMap.size

        override fun iterator(): MutableIterator<MutableMap.MutableEntry<String, Any?>> = SnapshotIterator { (k, v) -> Entry(k, v) }

        override fun add(element: MutableMap.MutableEntry<String, Any?>): Boolean = throw UnsupportedOperationException("Add to a ContextMap through put(), not through its entries")
    }

    /** An entry whose [setValue] writes through to the current context. */
    private inner class Entry(override val key: String, private var current: Any?) : MutableMap.MutableEntry<String, Any?> {
        override val value: Any? get() = current

        override fun setValue(newValue: Any?): Any? {
            val old = current
            setAttribute(key, newValue)
            current = newValue
            return old
        }

        override fun equals(other: Any?): Boolean = other is Map.Entry<*, *> && other.key == key && other.value == current

        override fun hashCode(): Int = key.hashCode() xor current.hashCode()

        override fun toString(): String = "$key=$current"
    }
}
