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

    /** Makes [next] the current context. */
    internal fun switchTo(next: Context) {
        context = next
        vars = next.vars
    }

    /** Replaces the current context's variables. */
    internal fun write(next: PersistentMap<ContextVar<*>, Any?>) {
        context.vars = next
        vars = next
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
    }
}
