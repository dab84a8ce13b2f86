package io.extracontext.pmap

import java.lang.invoke.VarHandle

/**
 * An immutable hash map with structural sharing: the storage of every context.
 *
 * Two representations share this type:
 * - [TrieMap], a hash array mapped trie: `put`/`remove` copy one path of at most seven nodes,
 *   O(log32 n); a copy of the map is the same object.
 * - [OverlayMap], a recent write kept as one small node on top of a map, merged into the trie only
 *   when [MAX_OVERLAY] writes pile up. A write then allocates 24 bytes instead of a copied trie
 *   path, and the common `set` → `reset` pair can go back to the map it started from; so does a
 *   write that puts back, for the key of the newest write, the value the map under it holds (a
 *   diagnostic entry put and removed again).
 *
 * Lookups return the value or [Absent]; keys compare with `==` (identity for `ContextVar`).
 */
internal sealed class PersistentMap<K : Any, V> {
    /** The value for [key], or [Absent]. */
    abstract fun get(key: K): Any?

    fun containsKey(key: K): Boolean = get(key) !== Absent

    /** Whether this map is the merge of [before]'s full overlay with one more write. */
    fun mergedFrom(before: PersistentMap<K, V>): Boolean = this is TrieMap && before is OverlayMap

    /** A map where [key] maps to [value]; `this` when nothing would change. */
    fun put(key: K, value: V): PersistentMap<K, V> = if (get(key) === value) this else write(key, value)

    /**
     * A map where [key] maps to [value], for a caller that knows [value] is not [key]'s value here
     * (or does not mind a new map with the same entries): [put] without its lookup.
     */
    fun putChanged(key: K, value: V): PersistentMap<K, V> = write(key, value)

    /** A map without [key]; `this` when [key] is absent. */
    fun remove(key: K): PersistentMap<K, V> = if (containsKey(key)) write(key, Removed) else this

    private fun write(key: K, value: Any?): PersistentMap<K, V> {
        if (this is OverlayMap && (this.key === key || this.key == key)) {
            // The newest write was to this key, and this one puts back what the map under it holds
            // (a put undone by a remove, a value set back): that map is the answer, no allocation.
            val there = parent.get(key)
            if (there === value || (value === Removed && there === Absent)) return parent
        }
        var depth = 0
        var m: PersistentMap<K, V> = this
        while (m is OverlayMap) {
            depth++
            m = m.parent
        }
        // A full overlay and this write go into the trie as one merge, not a merge and then a write.
        return if (depth < MAX_OVERLAY) OverlayMap(key, value, this) else (this as OverlayMap<K, V>).merge(key, value)
    }

    /** The same entries as a trie (no overlay): used for size, iteration and large write runs. */
    abstract fun toTrie(): TrieMap<K, V>

    val size: Int get() = toTrie().count

    fun isEmpty(): Boolean = size == 0

    @Suppress("UNCHECKED_CAST")
    fun forEach(action: (K, V) -> Unit) {
        toTrie().root.forEach { k, v -> action(k as K, v as V) }
    }

    internal companion object {
        /** Overlay depth at which writes are merged into the trie: bounds the extra work of a read. */
        const val MAX_OVERLAY: Int = 4

        @Suppress("UNCHECKED_CAST")
        @JvmSynthetic
        fun <K : Any, V> empty(): PersistentMap<K, V> = TrieMap.EMPTY as PersistentMap<K, V>
    }
}

/** Marks a removal inside an overlay; never escapes this package. */
internal object Removed

internal class TrieMap<K : Any, V>(@JvmField val root: BitmapNode, @JvmField val count: Int) : PersistentMap<K, V>() {

    override fun get(key: K): Any? = root.get(key, key.hashCode(), 0)

    override fun toTrie(): TrieMap<K, V> = this

    /** Applies one write directly to the trie. */
    internal fun writeThrough(key: K, value: Any?): TrieMap<K, V> {
        val hash = key.hashCode()
        val existing = root.get(key, hash, 0)
        if (value === Removed) {
            if (existing === Absent) return this
            return TrieMap(root.remove(key, hash, 0) ?: EMPTY_NODE, count - 1)
        }
        if (existing === value) return this
        return TrieMap(root.put(key, hash, value, 0), if (existing === Absent) count + 1 else count)
    }

    /** The first [n] writes of [keys] and [values] (distinct keys, [Removed] for a removal) in one merge. */
    @Suppress("UNCHECKED_CAST")
    internal fun writeAllThrough(keys: Array<Any?>, values: Array<Any?>, n: Int): TrieMap<K, V> {
        if (n == 1) return writeThrough(keys[0] as K, values[0])
        val owner = Any()
        var node = root
        var size = count
        for (j in 0 until n) {
            val key = keys[j]!!
            val value = values[j]
            val hash = key.hashCode()
            val existing = node.get(key, hash, 0)
            if (value === Removed) {
                if (existing !== Absent) {
                    node = node.remove(key, hash, 0) ?: EMPTY_NODE
                    size--
                }
            } else if (existing !== value) {
                node = node.putOwned(key, hash, value, 0, owner)
                if (existing === Absent) size++
            }
        }
        // The nodes changed in place have no final fields' freeze: this fence is that freeze, so a
        // thread that reads the map through a racy publication sees them whole, as it would see a
        // node that only its constructor wrote.
        VarHandle.releaseFence()
        return if (node === root) this else TrieMap(node, size)
    }

    internal companion object {
        @get:JvmSynthetic
        val EMPTY: TrieMap<Any, Any?> = TrieMap(EMPTY_NODE, 0)
    }
}

internal class OverlayMap<K : Any, V>(
    @JvmField val key: K,
    @JvmField val value: Any?,
    @JvmField val parent: PersistentMap<K, V>,
) : PersistentMap<K, V>() {

    override fun get(key: K): Any? {
        var m: PersistentMap<K, V> = this
        while (m is OverlayMap) {
            if (m.key === key || m.key == key) return if (m.value === Removed) Absent else m.value
            m = m.parent
        }
        return m.get(key)
    }

    override fun toTrie(): TrieMap<K, V> = merge(null, null)

    /**
     * The overlay written into the trie, with the write of [value] under [key] after it when [key]
     * is not null, as one merge.
     */
    fun merge(key: K?, value: Any?): TrieMap<K, V> {
        // Newest write first, keeping only the newest write of each key: a key set again and again
        // (a namespace's own variable, a var updated in a loop) costs one write, not one per write.
        // With distinct keys left, the order they are written through no longer matters; they are
        // written as one merge, which copies each trie node on their paths once.
        val keys = arrayOfNulls<Any?>(MAX_OVERLAY + 1)
        val values = arrayOfNulls<Any?>(MAX_OVERLAY + 1)
        var n = 0
        if (key != null) {
            keys[0] = key
            values[0] = value
            n = 1
        }
        var m: PersistentMap<K, V> = this
        while (m is OverlayMap) {
            val write = m
            var seen = false
            for (j in 0 until n) if (keys[j] === write.key || keys[j] == write.key) seen = true
            if (!seen) {
                keys[n] = write.key
                values[n] = write.value
                n++
            }
            m = write.parent
        }
        return (m as TrieMap<K, V>).writeAllThrough(keys, values, n)
    }
}
