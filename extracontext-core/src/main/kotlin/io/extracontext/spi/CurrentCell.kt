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

    /**
     * Installs [cell] (`null`: the root) and returns what was installed before: the same as
     * [Executions.switchTo], kept for code written against the earlier SPI.
     *
     * ```kotlin
     * val previous = CurrentCell.swap(cell)
     * try { step() } finally { CurrentCell.install(previous) }
     * ```
     */
    @JvmStatic
    @Deprecated(
        "Use Executions.enter(cell), which returns a Scope with the rules of every scope, or Executions.switchTo for a framework that restores by itself",
        ReplaceWith("Executions.switchTo(cell)"),
    )
    public fun swap(cell: ContextCell?): ContextCell? = Executions.switchTo(cell)

    /**
     * Installs [cell] (`null`: the root): the same as [Executions.switchBack], kept for code written
     * against the earlier SPI.
     *
     * ```kotlin
     * CurrentCell.install(previous)
     * ```
     */
    @JvmStatic
    @Deprecated(
        "Close the Scope of Executions.enter instead, or use Executions.switchBack for a framework that restores by itself",
        ReplaceWith("Executions.switchBack(cell)"),
    )
    public fun install(cell: ContextCell?): Unit = Executions.switchBack(cell)
}
