package io.extracontext.pmap

/**
 * An immutable map from `String` keys, held as two sorted arrays: the storage of the diagnostic
 * context (MDC). Diagnostic maps hold a handful of entries and are read far more often than they
 * are written (once per log event), so a write copies the arrays (O(n)) and a read is a binary
 * search with no allocation. Being immutable, the map itself is the snapshot a log event keeps:
 * nothing is copied per event.
 *
 * Mutators of [java.util.Map] throw [UnsupportedOperationException], as for any read-only map.
 */
internal class SortedArrayMap<V> private constructor(
    private val sortedKeys: Array<String>,
    private val sortedValues: Array<Any?>,
) : AbstractMap<String, V>() {

    private fun indexOf(key: String): Int = sortedKeys.binarySearch(key)

    override val size: Int get() = sortedKeys.size

    override fun isEmpty(): Boolean = sortedKeys.isEmpty()

    override fun containsKey(key: String): Boolean = indexOf(key) >= 0

    @Suppress("UNCHECKED_CAST")
    override fun get(key: String): V? {
        val i = indexOf(key)
        return if (i >= 0) sortedValues[i] as V else null
    }

    /** This map with [key] mapped to [value]; `this` when it already is. */
    fun with(key: String, value: V): SortedArrayMap<V> {
        val i = indexOf(key)
        if (i >= 0) {
            if (sortedValues[i] === value) return this
            return SortedArrayMap(sortedKeys, sortedValues.copyOf().also { it[i] = value })
        }
        val at = -(i + 1)
        val newKeys = arrayOfNulls<String>(sortedKeys.size + 1)
        val newValues = arrayOfNulls<Any?>(sortedKeys.size + 1)
        sortedKeys.copyInto(newKeys, 0, 0, at)
        sortedValues.copyInto(newValues, 0, 0, at)
        newKeys[at] = key
        newValues[at] = value
        sortedKeys.copyInto(newKeys, at + 1, at)
        sortedValues.copyInto(newValues, at + 1, at)
        @Suppress("UNCHECKED_CAST")
        return SortedArrayMap(newKeys as Array<String>, newValues)
    }

    /** This map without [key]; `this` when it has none. */
    fun without(key: String): SortedArrayMap<V> {
        val i = indexOf(key)
        if (i < 0) return this
        if (sortedKeys.size == 1) return empty()
        val newKeys = arrayOfNulls<String>(sortedKeys.size - 1)
        val newValues = arrayOfNulls<Any?>(sortedKeys.size - 1)
        sortedKeys.copyInto(newKeys, 0, 0, i)
        sortedValues.copyInto(newValues, 0, 0, i)
        sortedKeys.copyInto(newKeys, i, i + 1)
        sortedValues.copyInto(newValues, i, i + 1)
        @Suppress("UNCHECKED_CAST")
        return SortedArrayMap(newKeys as Array<String>, newValues)
    }

    // A view made when asked for, not a field: a write then allocates only the map and its two arrays.
    override val entries: Set<Map.Entry<String, V>> get() = object : AbstractSet<Map.Entry<String, V>>() {
        override val size: Int get() = sortedKeys.size

        override fun iterator(): Iterator<Map.Entry<String, V>> = object : Iterator<Map.Entry<String, V>> {
            private var i = 0

            override fun hasNext(): Boolean = i < sortedKeys.size

            @Suppress("UNCHECKED_CAST")
            override fun next(): Map.Entry<String, V> {
                if (i >= sortedKeys.size) throw NoSuchElementException("No more diagnostic entries")
                val entry = java.util.AbstractMap.SimpleImmutableEntry(sortedKeys[i], sortedValues[i] as V)
                i++
                return entry
            }
        }
    }

    companion object {
        private val EMPTY = SortedArrayMap<Any?>(emptyArray(), emptyArray())

        @Suppress("UNCHECKED_CAST")
        @JvmSynthetic
        fun <V> empty(): SortedArrayMap<V> = EMPTY as SortedArrayMap<V>

        /** The entries of [source] whose keys are not null, in key order. */
        @JvmSynthetic
        fun <V> of(source: Map<String?, V>): SortedArrayMap<V> {
            val sorted = source.entries.filter { it.key != null }.sortedBy { it.key }
            if (sorted.isEmpty()) return empty()
            val keys = Array(sorted.size) { sorted[it].key!! }
            val values = Array<Any?>(sorted.size) { sorted[it].value }
            return SortedArrayMap(keys, values)
        }
    }
}
