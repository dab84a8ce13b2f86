package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.pmap.PersistentMap

/**
 * The mutable pointer from one execution (a thread, a coroutine, an isolated iterator) to its
 * current [Context].
 *
 * The thread slot points at a cell, never at a context: a coroutine keeps one cell for its whole
 * life and the slot is pointed at it on every resume. Whatever the coroutine's code did to its
 * current context (a `set`, an `enter()` scope, a `run`) is therefore still there at the next
 * resume on any thread, without copying anything on a switch.
 */
@ExtraContextSpi
public class ContextCell internal constructor(context: Context) {

    /** The execution's current context. Changed only through [switchTo]. */
    internal var context: Context = context
        private set

    /**
     * The current context's variables, mirrored here so that a read costs one load after the
     * thread slot instead of two (slot → cell → vars, not slot → cell → context → vars). Kept
     * equal to `context.vars` by routing every change through [switchTo] and [write].
     */
    @JvmField
    internal var vars: PersistentMap<ContextVar<*>, Any?> = context.vars

    /**
     * The last `ContextVar` read in this execution that found a value (issue #13): a repeated read
     * of the same variable is then a field read, not a trie probe. Valid only while [ReadHit.map]
     * is still [vars]; see [ReadHit] for why that check, not the clearing, is what keeps it right.
     */
    @JvmField
    internal var hit: ReadHit? = null

    /**
     * The hit [hit] replaced: two variables read in turn (a request id and a user in every log line)
     * then both stay cached and a read allocates nothing. Checked only on a miss of [hit].
     */
    @JvmField
    internal var olderHit: ReadHit? = null

    /** The same for the last attribute read from a native `ContextLocal`; see [AttributeHit]. */
    @JvmField
    internal var attributeHit: AttributeHit? = null

    /** Makes [next] the current context. */
    internal fun switchTo(next: Context) {
        context = next
        vars = next.vars
        forgetHits()
    }

    /** Replaces the current context's variables. */
    internal fun write(next: PersistentMap<ContextVar<*>, Any?>) {
        context.vars = next
        vars = next
        forgetHits()
    }

    // Not needed for correctness (a hit is checked against the map it came from) but for memory:
    // a value reset or a name no longer used must not stay reachable through the cache.
    private fun forgetHits() {
        hit = null
        olderHit = null
        attributeHit = null
    }

    /**
     * A snapshot of what this execution currently sees: the start of a child execution.
     *
     * ```kotlin
     * val child = ContextCell.startingFrom(parentCell.snapshot())
     * ```
     */
    public fun snapshot(): Context = Context(vars)

    /**
     * A new execution that starts from what this one sees now: one copy, for a child coroutine.
     *
     * ```kotlin
     * val childCell = parentCell.fork()
     * ```
     */
    public fun fork(): ContextCell = ContextCell(Context(vars))

    /** Creates executions; from Java, `ContextCell.startingFrom(context)`. */
    public companion object {
        /**
         * A new execution whose current context is a copy of [context].
         *
         * ```kotlin
         * val cell = ContextCell.startingFrom(copyContext())
         * ```
         */
        @JvmStatic
        public fun startingFrom(context: Context): ContextCell = ContextCell(context.copy())
    }
}

/**
 * One cached lookup: in the immutable map [map], [key] maps to [value]. Because [map] never changes,
 * the fact never goes stale; a reader uses it only when the map it would search is [map] itself
 * (`hit.map === cell.vars`). That identity check is the invalidation: every write and every context
 * switch puts another map in the cell. It also holds when two threads race on one cell (the brief
 * `withContext` hand-off): a reader that stores a hit computed from an older map cannot make a later
 * reader of the newer map return it. All fields are final, so a hit is safely published.
 *
 * Not CPython's per-variable cache (PITFALLS.md 9): that field would be shared by every thread, so
 * every miss would write a contended cache line. A cell is used by one execution at a time.
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
 * [namespace] has [value] (possibly its deletion marker) for [name]. Keyed by the whole context's
 * map, not the namespace's attribute map, so that a hit skips the namespace variable's lookup too;
 * every attribute write is a write of that variable, so it puts a new map in the cell, exactly as
 * for [ReadHit]. The namespace is held through its variable, which the map holds anyway.
 */
internal class AttributeHit(
    @JvmField val map: Any,
    @JvmField val namespace: Any,
    @JvmField val name: String,
    @JvmField val value: Any?,
)
