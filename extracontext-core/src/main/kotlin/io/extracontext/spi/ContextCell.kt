package io.extracontext.spi

import io.extracontext.Context

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
public class ContextCell internal constructor(@JvmField internal var context: Context) {

    /**
     * A snapshot of what this execution currently sees: the start of a child execution.
     *
     * ```kotlin
     * val child = ContextCell.startingFrom(parentCell.snapshot())
     * ```
     */
    public fun snapshot(): Context = context.copy()

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
