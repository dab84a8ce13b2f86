package io.extracontext.spi

import io.extracontext.ContextCell
import io.extracontext.Execution
import io.extracontext.ExtraContextSpi

/**
 * The execution current on this thread; [Executions.enter] is how an integration makes another one
 * current.
 *
 * ```kotlin
 * val cell = CurrentCell.get()        // null at the empty root
 * val snapshot = cell?.snapshot()
 * ```
 */
@ExtraContextSpi
public object CurrentCell {
    /**
     * The cell installed on this thread, or `null` for the empty root.
     *
     * ```kotlin
     * CurrentCell.get() == null   // true on a thread that never wrote a value
     * ```
     */
    @JvmStatic
    public fun get(): ContextCell? = Execution.currentCell()
}
