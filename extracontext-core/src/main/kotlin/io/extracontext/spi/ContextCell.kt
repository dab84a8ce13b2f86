package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.pmap.PersistentMap
import java.lang.invoke.MethodHandles
import java.lang.invoke.VarHandle

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
public class ContextCell internal constructor(
    context: Context,
    /**
     * Whether an execution that owns this cell carries it across suspensions (a coroutine's
     * element, an isolated iterator), so that writes into it never land in a thread's own context.
     * Strict mode skips its coroutine check for such cells. Set at creation, never changed.
     */
    @JvmField internal val carried: Boolean = false,
) {

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
     * The last `ContextVar` read in this execution that found a value, a "forgotten" marker, or
     * `null` before the first write (issue #13): a repeated read of the same variable is then a
     * field read, not a map probe.
     *
     * A reader trusts a hit here without comparing its map with [vars]. This protocol is why it may,
     * also when two threads use the cell at once (the `withContext` hand-off):
     * - every change of [vars] is followed by a release store here of a NEW marker object
     *   ([forgetHits]), never of a value this field held before;
     * - a reader reads this field with acquire ([seenHit]) BEFORE it reads [vars], and stores a hit
     *   only by a compare-and-set from what it saw ([cacheHit]). The CAS succeeds only if no marker
     *   was stored in between (a marker is never seen twice, so there is no ABA), and the acquire
     *   read of the last marker makes the map the reader then read at least that write's map. A
     *   write after the reader's read of [vars] stores its marker after the CAS, replacing the hit.
     *   So the field never holds, not even for an instant, a hit of a map older than the last write
     *   whose marker is in it: the writing thread reads its own writes.
     *
     * Why not `null` as the marker (as before): a write while the field is already `null` stores
     * `null` over `null`, and a reader that saw the first `null` and read the old map then won its
     * CAS and cached the old map's value; it dropped it again after re-reading [vars], but in that
     * window the writing thread's own `get()` answered the value from before its write.
     */
    @JvmField
    internal var hit: ReadHit? = null

    /**
     * The hit [hit] replaced: two variables read in turn (a request id and a user in every log line)
     * then both stay cached and a read allocates nothing. Checked only on a miss of [hit], and always
     * against its map ([ReadHit.answers]), so it needs no protocol.
     */
    @JvmField
    internal var olderHit: ReadHit? = null

    /** The same as [hit] for the last attribute read from a native `ContextLocal`; see [AttributeHit]. */
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

    // Release stores of new markers, after the store of `vars`: see `hit`. On x86 they are plain
    // stores; the markers are two small allocations next to the new map a write allocates anyway.
    private fun forgetHits() {
        HIT.setRelease(this, ReadHit(Forgotten, Forgotten, null))
        ATTRIBUTE_HIT.setRelease(this, AttributeHit(Forgotten, "", null))
        olderHit = null
    }

    /** [hit] read with acquire: what a miss reads before [vars] and passes to [cacheHit] (see [hit]). */
    internal fun seenHit(): ReadHit? = HIT.getAcquire(this) as ReadHit?

    /** [attributeHit] read with acquire, for [cacheAttributeHit]. */
    internal fun seenAttributeHit(): AttributeHit? = ATTRIBUTE_HIT.getAcquire(this) as AttributeHit?

    /**
     * Stores [next] as the hit unless [hit] changed since [seen] was read by [seenHit] (before the
     * map [next] was read from; see [hit]). Returns whether it was stored.
     */
    internal fun cacheHit(seen: ReadHit?, next: ReadHit): Boolean = HIT.compareAndSet(this, seen, next)

    /** [cacheHit] for [attributeHit]. */
    internal fun cacheAttributeHit(seen: AttributeHit?, next: AttributeHit) {
        ATTRIBUTE_HIT.compareAndSet(this, seen, next)
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
    public fun fork(): ContextCell = ContextCell(Context(vars), carried = true)

    /** Creates executions; from Java, `ContextCell.startingFrom(context)`. A cell made here or by [fork] is carried by its execution (see `carried`). */
    public companion object {
        /**
         * A new execution whose current context is a copy of [context].
         *
         * ```kotlin
         * val cell = ContextCell.startingFrom(copyContext())
         * ```
         */
        @JvmStatic
        public fun startingFrom(context: Context): ContextCell = ContextCell(context.copy(), carried = true)

        private val HIT: VarHandle =
            MethodHandles.lookup().findVarHandle(ContextCell::class.java, "hit", ReadHit::class.java)
        private val ATTRIBUTE_HIT: VarHandle =
            MethodHandles.lookup().findVarHandle(ContextCell::class.java, "attributeHit", AttributeHit::class.java)
    }
}

/** The key and map of the markers [ContextCell.forgetHits] stores: no variable or namespace is it. */
internal object Forgotten

/**
 * One cached lookup: in the immutable map [map], [key] maps to [value]. Because [map] never changes,
 * the fact never goes stale. In [ContextCell.hit] it is trusted as long as it is there (see the
 * protocol there); as [ContextCell.olderHit] it is used only where [map] is the cell's map. All
 * fields are final, so a hit read by a plain load from another thread is safely published.
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
 * One cached attribute read: in the context map current when it was stored, the native namespace
 * whose variable is [namespace] has [value] (possibly its deletion marker) for [name]. It lives in
 * [ContextCell.attributeHit] under the protocol of [ContextCell.hit], so it is dropped whenever the
 * cell's map changes, and a hit skips the namespace variable's lookup too: every attribute write is
 * a write of that variable, i.e. a new map. The namespace is held through its variable, which the
 * map holds anyway.
 */
internal class AttributeHit(
    @JvmField val namespace: Any,
    @JvmField val name: String,
    @JvmField val value: Any?,
)
