package io.extracontext.pmap

/**
 * A node of the hash array mapped trie. Nodes are immutable once a map holds them: every update
 * returns a new node that shares all untouched children with the old one, which is what makes a
 * context copy O(1). (Only a merge changes the nodes it made itself, before anything can see them.)
 */
internal sealed class TrieNode(
    /** Pairs of slots: `(key, value)` entries, and in [BitmapNode] also `(null, child)` sub-tries. */
    @get:JvmSynthetic @set:JvmSynthetic
    protected var array: Array<Any?>,
) {
    abstract fun get(key: Any, hash: Int, shift: Int): Any?
    abstract fun put(key: Any, hash: Int, value: Any?, shift: Int): TrieNode

    /** Returns `null` when the node became empty. */
    abstract fun remove(key: Any, hash: Int, shift: Int): TrieNode?
    abstract fun forEach(action: (Any, Any?) -> Unit)

    /** True when the node holds exactly one entry and no child, so a parent can inline it. */
    fun isSingleEntry(): Boolean = array.size == 2 && array[0] != null
    fun firstKey(): Any? = array[0]
    fun firstValue(): Any? = array[1]
}

private const val BITS = 5
private const val MASK = (1 shl BITS) - 1

@get:JvmSynthetic
internal val EMPTY_NODE: BitmapNode = BitmapNode(0, arrayOf())

private fun keysEqual(a: Any, b: Any): Boolean = a === b || a == b

private fun Array<Any?>.replaced(index: Int, value: Any?): Array<Any?> = copyOf().also { it[index] = value }

private fun Array<Any?>.inserted(index: Int, key: Any?, value: Any?): Array<Any?> {
    val out = arrayOfNulls<Any?>(size + 2)
    copyInto(out, 0, 0, index)
    out[index] = key
    out[index + 1] = value
    copyInto(out, index + 2, index, size)
    return out
}

private fun Array<Any?>.removedPair(index: Int): Array<Any?> {
    val out = arrayOfNulls<Any?>(size - 2)
    copyInto(out, 0, 0, index)
    copyInto(out, index, index + 2, size)
    return out
}

/**
 * Up to 32 slots selected by five bits of the hash. Slots are stored densely as pairs in [array]:
 * `(key, value)` for an entry, or `(null, child)` for a sub-trie.
 */
internal class BitmapNode(private var bitmap: Int, array: Array<Any?>, private val owner: Any? = null) : TrieNode(array) {

    private fun index(bit: Int): Int = 2 * Integer.bitCount(bitmap and (bit - 1))

    override fun get(key: Any, hash: Int, shift: Int): Any? {
        val bit = 1 shl ((hash ushr shift) and MASK)
        if (bitmap and bit == 0) return Absent
        val i = index(bit)
        val k = array[i] ?: return (array[i + 1] as TrieNode).get(key, hash, shift + BITS)
        return if (keysEqual(k, key)) array[i + 1] else Absent
    }

    // Covariant: a bitmap node stays a bitmap node, so a trie's root can be typed (and called) as one.
    override fun put(key: Any, hash: Int, value: Any?, shift: Int): BitmapNode {
        val bit = 1 shl ((hash ushr shift) and MASK)
        val i = index(bit)
        if (bitmap and bit == 0) return BitmapNode(bitmap or bit, array.inserted(i, key, value))
        val k = array[i]
        if (k == null) {
            val child = array[i + 1] as TrieNode
            val updated = child.put(key, hash, value, shift + BITS)
            return if (updated === child) this else BitmapNode(bitmap, array.replaced(i + 1, updated))
        }
        if (keysEqual(k, key)) {
            return if (array[i + 1] === value) this else BitmapNode(bitmap, array.replaced(i + 1, value))
        }
        val child = pairNode(k, k.hashCode(), array[i + 1], key, hash, value, shift + BITS)
        return BitmapNode(bitmap, array.copyOf().also { it[i] = null; it[i + 1] = child })
    }

    /**
     * [put] for one merge of several writes: a node made by the merge identified by [owner] is
     * changed in place by the merge's later writes instead of being copied again, so that writing
     * k keys copies each node on their paths once, not k times. Nodes made before stay untouched.
     */
    fun putOwned(key: Any, hash: Int, value: Any?, shift: Int, owner: Any): BitmapNode {
        val bit = 1 shl ((hash ushr shift) and MASK)
        val i = index(bit)
        if (bitmap and bit == 0) {
            if (this.owner !== owner) return BitmapNode(bitmap or bit, array.inserted(i, key, value), owner)
            bitmap = bitmap or bit
            array = array.inserted(i, key, value)
            return this
        }
        val k = array[i]
        val slot: Any? = when {
            k == null -> {
                val child = array[i + 1] as TrieNode
                val updated = if (child is BitmapNode) child.putOwned(key, hash, value, shift + BITS, owner) else child.put(key, hash, value, shift + BITS)
                if (updated === child) return this
                updated
            }
            keysEqual(k, key) -> if (array[i + 1] === value) return this else value
            else -> pairNode(k, k.hashCode(), array[i + 1], key, hash, value, shift + BITS)
        }
        val target = if (this.owner === owner) this else BitmapNode(bitmap, array.copyOf(), owner)
        if (k != null && !keysEqual(k, key)) target.array[i] = null
        target.array[i + 1] = slot
        return target
    }

    override fun remove(key: Any, hash: Int, shift: Int): BitmapNode? {
        val bit = 1 shl ((hash ushr shift) and MASK)
        if (bitmap and bit == 0) return this
        val i = index(bit)
        val k = array[i]
        if (k == null) {
            val child = array[i + 1] as TrieNode
            val updated = child.remove(key, hash, shift + BITS)
            return when {
                updated === child -> this
                updated == null -> withoutSlot(bit, i)
                // Pull a lone entry up so that removals leave no chains of one-entry nodes behind.
                updated.isSingleEntry() ->
                    BitmapNode(bitmap, array.copyOf().also { it[i] = updated.firstKey(); it[i + 1] = updated.firstValue() })
                else -> BitmapNode(bitmap, array.replaced(i + 1, updated))
            }
        }
        return if (keysEqual(k, key)) withoutSlot(bit, i) else this
    }

    private fun withoutSlot(bit: Int, i: Int): BitmapNode? = if (bitmap == bit) null else BitmapNode(bitmap xor bit, array.removedPair(i))

    override fun forEach(action: (Any, Any?) -> Unit) {
        var i = 0
        while (i < array.size) {
            val k = array[i]
            if (k == null) (array[i + 1] as TrieNode).forEach(action) else action(k, array[i + 1])
            i += 2
        }
    }
}

/** Keys whose full 32-bit hashes are equal; searched linearly. */
internal class CollisionNode(private val hash: Int, array: Array<Any?>) : TrieNode(array) {

    private fun indexOf(key: Any): Int {
        var i = 0
        while (i < array.size) {
            if (keysEqual(array[i]!!, key)) return i
            i += 2
        }
        return -1
    }

    override fun get(key: Any, hash: Int, shift: Int): Any? {
        if (hash != this.hash) return Absent
        val i = indexOf(key)
        return if (i < 0) Absent else array[i + 1]
    }

    override fun put(key: Any, hash: Int, value: Any?, shift: Int): TrieNode {
        if (hash != this.hash) {
            // A different hash reaching this depth: split into a bitmap node holding both.
            val node = BitmapNode(1 shl ((this.hash ushr shift) and MASK), arrayOf(null, this))
            return node.put(key, hash, value, shift)
        }
        val i = indexOf(key)
        if (i < 0) return CollisionNode(hash, array.inserted(array.size, key, value))
        return if (array[i + 1] === value) this else CollisionNode(hash, array.replaced(i + 1, value))
    }

    override fun remove(key: Any, hash: Int, shift: Int): TrieNode? {
        if (hash != this.hash) return this
        val i = indexOf(key)
        if (i < 0) return this
        if (array.size == 2) return null
        return CollisionNode(hash, array.removedPair(i))
    }

    override fun forEach(action: (Any, Any?) -> Unit) {
        var i = 0
        while (i < array.size) {
            action(array[i]!!, array[i + 1])
            i += 2
        }
    }
}

private fun pairNode(k1: Any, h1: Int, v1: Any?, k2: Any, h2: Int, v2: Any?, shift: Int): TrieNode {
    if (h1 == h2) return CollisionNode(h1, arrayOf(k1, v1, k2, v2))
    // Different hashes always part by shift 30, so the recursion never wraps the shift past 32.
    return EMPTY_NODE.put(k1, h1, v1, shift).put(k2, h2, v2, shift)
}
