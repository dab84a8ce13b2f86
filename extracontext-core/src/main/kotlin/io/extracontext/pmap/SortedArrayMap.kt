package io.extracontext.pmap

/**
 * An immutable map from `String` keys, held as one array of sorted keys, each followed by its value:
 * the storage of the diagnostic context (MDC). Diagnostic maps hold a handful of entries and are
 * read far more often than they are written (once per log event), so a write copies the array
 * (O(n)) and a read is a binary search with no allocation. Being immutable, the map itself is the
 * snapshot a log event keeps: nothing is copied per event.
 *
 * A map made by adding one key remembers the map it was made from, so that removing that key again
 * (`MDC.put` ... `MDC.remove` of the same key, the usual pair) hands the earlier map back instead of
 * copying. Only a map that remembers nothing is remembered, so at most one earlier map is kept alive.
 *
 * Mutators of [java.util.Map] throw [UnsupportedOperationException], as for any read-only map.
 */
internal class SortedArrayMap<V> private constructor(
    // key0, value0, key1, value1, ... with the keys in ascending order: one array per write, not two.
    private val slots: Array<Any?>,
    private val addedKey: String?,
    private val addedTo: SortedArrayMap<V>?,
) : AbstractMap<String, V>() {

    // The binary search of the key among the even slots: the pair's index, or -(insertion pair + 1).
    private fun indexOf(key: String): Int {
        var low = 0
        var high = (slots.size shr 1) - 1
        while (low <= high) {
            val mid = (low + high) ushr 1
            val c = (slots[mid shl 1] as String).compareTo(key)
            when {
                c < 0 -> low = mid + 1
                c > 0 -> high = mid - 1
                else -> return mid
            }
        }
        return -(low + 1)
    }

    override val size: Int get() = slots.size shr 1

    override fun isEmpty(): Boolean = slots.isEmpty()

    override fun containsKey(key: String): Boolean = indexOf(key) >= 0

    @Suppress("UNCHECKED_CAST")
    override fun get(key: String): V? {
        val i = indexOf(key)
        return if (i >= 0) slots[(i shl 1) + 1] as V else null
    }

    fun with(key: String, value: V): SortedArrayMap<V> {
        val i = indexOf(key)
        if (i >= 0) {
            val at = (i shl 1) + 1
            if (slots[at] === value) return this
            return SortedArrayMap(slots.copyOf().also { it[at] = value }, null, null)
        }
        val at = -(i + 1) shl 1
        val next = arrayOfNulls<Any?>(slots.size + 2)
        slots.copyInto(next, 0, 0, at)
        next[at] = key
        next[at + 1] = value
        slots.copyInto(next, at + 2, at)
        return if (addedTo == null) SortedArrayMap(next, key, this) else SortedArrayMap(next, null, null)
    }

    fun without(key: String): SortedArrayMap<V> {
        if (addedTo != null && addedKey == key) return addedTo
        val i = indexOf(key)
        if (i < 0) return this
        if (slots.size == 2) return empty()
        val at = i shl 1
        val next = arrayOfNulls<Any?>(slots.size - 2)
        slots.copyInto(next, 0, 0, at)
        slots.copyInto(next, at, at + 2)
        return SortedArrayMap(next, null, null)
    }

    // A view made when asked for, not a field: a write then allocates only the map and its array.
    override val entries: Set<Map.Entry<String, V>> get() = object : AbstractSet<Map.Entry<String, V>>() {
        override val size: Int get() = slots.size shr 1

        override fun iterator(): Iterator<Map.Entry<String, V>> = object : Iterator<Map.Entry<String, V>> {
            private var i = 0

            override fun hasNext(): Boolean = i < slots.size

            @Suppress("UNCHECKED_CAST")
            override fun next(): Map.Entry<String, V> {
                if (i >= slots.size) throw NoSuchElementException("No more diagnostic entries")
                val entry = java.util.AbstractMap.SimpleImmutableEntry(slots[i] as String, slots[i + 1] as V)
                i += 2
                return entry
            }
        }
    }

    companion object {
        private val EMPTY = SortedArrayMap<Any?>(emptyArray(), null, null)

        @Suppress("UNCHECKED_CAST")
        @JvmSynthetic
        fun <V> empty(): SortedArrayMap<V> = EMPTY as SortedArrayMap<V>

        @JvmSynthetic
        fun <V> of(source: Map<String?, V>): SortedArrayMap<V> {
            val sorted = source.entries.filter { it.key != null }.sortedBy { it.key }
            if (sorted.isEmpty()) return empty()
            val slots = arrayOfNulls<Any?>(sorted.size * 2)
            for ((n, entry) in sorted.withIndex()) {
                slots[n shl 1] = entry.key
                slots[(n shl 1) + 1] = entry.value
            }
            return SortedArrayMap(slots, null, null)
        }
    }
}
