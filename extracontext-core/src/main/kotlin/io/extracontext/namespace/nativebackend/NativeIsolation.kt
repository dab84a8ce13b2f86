package io.extracontext.namespace.nativebackend

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.ContextVar
import io.extracontext.Execution
import io.extracontext.Scope
import io.extracontext.copyContext
import io.extracontext.jvm.WriteChecks
import io.extracontext.namespace.ScopeBase

/**
 * Isolation for the native backend: the current execution continues in a copy of its whole
 * context (every namespace and every `ContextVar`), as Python's native backend does.
 */
internal object NativeIsolation {

    /** The same execution, in a copy of its context for the length of [block]. */
    @JvmSynthetic
    inline fun <R> runIsolated(block: () -> R): R = Execution.runIn(Execution.currentCell(), copyContext(), block)

    /**
     * Opens a scope: the same as [runIsolated], with the restore left to the scope's close; [variable]
     * is the namespace's own, named in a coroutine-misuse report.
     */
    @JvmSynthetic
    fun enter(variable: ContextVar<*>): Scope {
        val cell = Execution.cellForWrite(variable, WriteChecks.ENTER)
        val inner = Execution.contextOf(cell.vars)
        Execution.enterContext(cell, inner)
        Execution.switchedIn()
        return NativeScope(cell, inner)
    }

    /** An iterator that is a new execution: every step runs in its own cell, holding a copy of the context current now. */
    @JvmSynthetic
    fun <T> isolatedIterator(open: () -> Iterator<T>): Iterator<T> = CellIterator(ContextCell.create(copyContext(), carried = true), open)
}

/**
 * A scope of the native backend: [installed] is the copy it made current on [cell], chained by
 * `prev` to the context from before it. The chain is what an out-of-order close unwinds.
 */
private class NativeScope(private val cell: ContextCell, private val installed: Context) : ScopeBase() {
    init {
        recordInstalled(installed)
    }

    override fun release() {
        // The cell, not the thread, owns the scope: a coroutine or iterator may resume elsewhere.
        if (Execution.currentCell() !== cell) {
            return misuse("Scope closed on another thread (or coroutine) than the one that opened it; no context was changed")
        }
        markClosed()
        val previous = installed.prev ?: return // closed already, together with an enclosing scope
        unwind(
            top = cell.context,
            mine = installed,
            parentOf = { it.prev },
            // Unlinked, so no chain of dead contexts stays reachable from the cell.
            unlink = { it.prev = null },
            restore = { closedWithIt ->
                cell.switchTo(previous)
                installed.prev = null
                repeat(closedWithIt + 1) { Execution.switchedBack() }
            },
        )
    }
}

/** Runs every step of [open]'s iterator as the execution [cell], and the caller's cell back after it. */
private class CellIterator<T>(private val cell: ContextCell, open: () -> Iterator<T>) : Iterator<T> {
    private val delegate: Iterator<T> = Execution.runAsExecution(cell) { open() }

    override fun hasNext(): Boolean = Execution.runAsExecution(cell) { delegate.hasNext() }

    override fun next(): T = Execution.runAsExecution(cell) { delegate.next() }
}
