package io.extracontext

/**
 * One cached lookup: in the immutable map [map], [key] maps to [value]. Because [map] never changes,
 * the fact never goes stale; a cell uses it only where [map] is the cell's current map. All fields
 * are final, so a hit read by a plain load from another thread is safely published.
 *
 * Not CPython's per-variable cache (`var_cached` in `Python/context.c`): that field would be shared
 * by every thread, so every miss would write a contended cache line. A cell is used by one
 * execution at a time.
 */
internal class ReadHit(
    @JvmField val map: Any,
    @JvmField val key: Any,
    @JvmField val value: Any?,
) {
    /** Whether this is the answer for [key] in [map]: the only test a cached read may be used on. */
    @Suppress("NOTHING_TO_INLINE")
    inline fun answers(key: Any, map: Any): Boolean = this.key === key && this.map === map
}

/**
 * One cached attribute read: in the context map [map], the native namespace whose variable is
 * [namespace] has [value] (possibly its deletion marker) for [name]. Used, as a [ReadHit] is, only
 * where [map] is the cell's current map, so a hit skips the namespace variable's lookup too: every
 * attribute write is a write of that variable, i.e. a new map.
 */
internal class AttributeHit(
    @JvmField val map: Any,
    @JvmField val namespace: Any,
    @JvmField val name: String,
    @JvmField val value: Any?,
)
