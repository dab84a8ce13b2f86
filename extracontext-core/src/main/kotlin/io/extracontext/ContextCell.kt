package io.extracontext

import io.extracontext.pmap.PersistentMap

/**
 * The mutable pointer from one execution (a thread, a coroutine, an isolated iterator) to its
 * current [Context].
 *
 * The thread slot points at a cell, never at a context: a coroutine keeps one cell for its whole
 * life and the slot is pointed at it on every resume. Whatever the coroutine's code did to its
 * current context (a `set`, an `enter()` scope, a `run`) is therefore still there at the next
 * resume on any thread, without copying anything on a switch.
 *
 * Part of the SPI (see [ExtraContextSpi]): a coroutine element or an integration creates cells with
 * [startingFrom] or [fork] and installs them with `spi.CurrentCell`; everything else is internal.
 */
@ExtraContextSpi
public class ContextCell private constructor(
    context: Context?,
    vars: PersistentMap<ContextVar<*>, Any?>,
    /**
     * Whether an execution that owns this cell carries it across suspensions (a coroutine's
     * element, an isolated iterator), so that writes into it never land in a thread's own context.
     * Strict mode skips its coroutine check for such cells. Set at creation, never changed.
     */
    @JvmField @JvmSynthetic internal val carried: Boolean,
) {
    // Null until asked for: a cell that starts from a copy of some variables (a child coroutine, a
    // pool task, a wrapped task) makes its Context object only when something needs the object
    // itself (a token, an entered block, a scope); until then the copy is [vars] alone, which no
    // other code can reach, so making it later from [vars] gives what making it first would have.
    private var current: Context? = context

    /** The execution's current context. Changed only through [switchTo]. */
    @get:JvmSynthetic
    internal val context: Context
        get() = current ?: Execution.contextOf(vars).also { current = it }

    /**
     * The current context's variables, mirrored here so that a read costs one load after the
     * thread slot instead of two (slot → cell → vars, not slot → cell → context → vars). Kept
     * equal to `context.vars` by routing every change through [switchTo] and [write].
     */
    @JvmField
    @JvmSynthetic
    internal var vars: PersistentMap<ContextVar<*>, Any?> = vars

    /**
     * The last `ContextVar` read in this execution that found a value: a repeated read
     * of the same variable is then two field reads and two identity checks, not a map probe.
     *
     * A hit is a fact about one immutable map ([ReadHit.map]), so it is used only while that map is
     * still the cell's [vars]. That check is the whole protocol: a stale hit, one stored by a racing
     * reader on another thread (the `withContext` hand-off), or a hit of a map made current again by
     * a `reset` is then either true or ignored, and a read never answers differently from a probe of
     * the map it reads. Writes clear the hits with plain stores, only so that a replaced map and its
     * values are not kept alive by a cache; no write allocates for the cache.
     */
    @JvmField
    @JvmSynthetic
    internal var hit: ReadHit? = null

    /**
     * The hit [hit] replaced: two variables read in turn (a request id and a user in every log line)
     * then both stay cached and a read allocates nothing. Checked only on a miss of [hit].
     */
    @JvmField
    @JvmSynthetic
    internal var olderHit: ReadHit? = null

    /** The same as [hit] for the last attribute read from a native `ContextLocal`; see [AttributeHit]. */
    @JvmField
    @JvmSynthetic
    internal var attributeHit: AttributeHit? = null

    /** Makes [next] the current context. */
    @JvmSynthetic
    internal fun switchTo(next: Context) {
        current = next
        vars = next.vars
        forgetHits()
    }

    /** Replaces the current context's variables. */
    @JvmSynthetic
    internal fun write(next: PersistentMap<ContextVar<*>, Any?>) {
        current?.vars = next
        vars = next
        forgetHits()
    }

    // Not needed for correctness (every hit is checked against `vars`): keeps no replaced map alive.
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
    public fun snapshot(): Context = Execution.contextOf(vars)

    /**
     * A new execution that starts from what this one sees now: one copy, for a child coroutine.
     *
     * ```kotlin
     * val childCell = parentCell.fork()
     * ```
     */
    public fun fork(): ContextCell = ContextCell(null, vars, carried = true)

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
        public fun startingFrom(context: Context): ContextCell = ContextCell(null, context.vars, carried = true)

        /** A cell whose current context is [context] itself, for the model's own executions. */
        @JvmSynthetic
        internal fun create(context: Context, carried: Boolean = false): ContextCell = ContextCell(context, context.vars, carried)

        /** A cell whose current context is a copy of [vars], made when first needed. */
        @JvmSynthetic
        internal fun copyOf(vars: PersistentMap<ContextVar<*>, Any?>): ContextCell = ContextCell(null, vars, carried = false)
    }
}
