package io.extracontext.spi

import io.extracontext.ContextCell
import io.extracontext.Execution
import io.extracontext.ExtraContextSpi

/**
 * Installs executions on the current thread: what a coroutine element does on every resume.
 *
 * ```kotlin
 * val previous = CurrentCell.swap(myCell)
 * try { step() } finally { CurrentCell.install(previous) }
 * ```
 */
@ExtraContextSpi
public object CurrentCell {
    /** The cell installed on this thread, or `null` for the empty root. */
    @JvmStatic
    public fun get(): ContextCell? = Execution.currentCell()

    /** Installs [cell] (`null`: the root) and returns what was installed before. */
    @JvmStatic
    public fun swap(cell: ContextCell?): ContextCell? = Execution.swapCell(cell)

    /** Installs [cell] (`null`: the root). */
    @JvmStatic
    public fun install(cell: ContextCell?): Unit = Execution.installCell(cell)
}
