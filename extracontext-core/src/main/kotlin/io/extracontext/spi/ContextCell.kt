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
     * The last `ContextVar` read in this execution that found a value, or `null` (issue #13): a
     * repeated read of the same variable is then a field read, not a map probe.
     *
     * A reader trusts a hit here without comparing its map with [vars]. This protocol is why it may,
     * also when two threads use the cell at once (the `withContext` hand-off):
     * - every change of [vars] is followed by a release store of `null` here ([forgetHits]);
     * - a reader stores a hit only through [cacheHit]: a compare-and-set, after which it reads [vars]
     *   again and drops the hit if the map it came from is no longer there. If the CAS came after a
     *   writer's `null` in this field's order, it read that `null` (or a later value), so it
     *   synchronizes with the writer and the second read sees the writer's map; if it came before,
     *   the writer's `null` replaces the hit. Either way no hit of an older map survives a write.
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

    // Release stores, after the store of `vars`: see `hit`. On x86 they are plain stores.
    private fun forgetHits() {
        HIT.setRelease(this, null as ReadHit?)
        ATTRIBUTE_HIT.setRelease(this, null as AttributeHit?)
        olderHit = null
    }

    /**
     * Stores [next], read from [map], as the hit unless [hit] changed since [seen] was read, and
     * drops it again if [map] is no longer the cell's (see [hit]). Returns whether it was stored.
     */
    internal fun cacheHit(seen: ReadHit?, next: ReadHit, map: Any): Boolean {
        if (!HIT.compareAndSet(this, seen, next)) return false
        if (vars !== map) HIT.setRelease(this, null as ReadHit?)
        return true
    }

    /** [cacheHit] for [attributeHit]. */
    internal fun cacheAttributeHit(seen: AttributeHit?, next: AttributeHit, map: Any) {
        if (ATTRIBUTE_HIT.compareAndSet(this, seen, next) && vars !== map) ATTRIBUTE_HIT.setRelease(this, null as AttributeHit?)
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
