package io.extracontext.internal

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.Scope
import io.extracontext.copyContext
import io.extracontext.spi.ContextCell
import io.extracontext.jvm.ThreadSlot
import io.extracontext.jvm.WriteChecks

/**
 * Isolation for the native backend: the current execution continues in a copy of its whole
 * context (every namespace and every `ContextVar`), as Python's native backend does.
 */
internal object NativeIsolation {

    fun <R> run(block: () -> R): R {
        val existing = ThreadSlot.cell()
        val cell = existing ?: ContextCell(Context()).also(ThreadSlot::install)
        val previous = cell.context
        val inner = Context(cell.vars)
        inner.prev = previous
        cell.switchTo(inner)
        try {
            return block()
        } finally {
            cell.switchTo(previous)
            inner.prev = null
            // Whatever the block wrote is discarded, so a thread that had no context gets the root back.
            if (existing == null) ThreadSlot.install(null)
        }
    }

    /** Opens a scope; [variable] is the namespace's own, named in a coroutine-misuse report. */
    fun enter(variable: ContextVar<*>): Scope {
        val cell = ThreadSlot.cellForWrite(variable, WriteChecks.ENTER)
        val inner = Context(cell.vars)
        inner.prev = cell.context
        cell.switchTo(inner)
        return NativeScope(cell, inner)
    }

    /** An iterator whose every step runs in its own cell, holding a copy of the context current now. */
    fun <T> isolate(open: () -> Iterator<T>): Iterator<T> {
        return CellIterator(ContextCell(copyContext(), carried = true), open)
    }
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
        if (ThreadSlot.cell() !== cell) {
            misuse("Scope closed on another thread (or coroutine) than the one that opened it; no context was changed")
        }
        markClosed()
        val top = cell.context
        val previous = installed.prev ?: return // closed already, together with an enclosing scope
        if (top === installed) {
            cell.switchTo(previous)
            installed.prev = null
            return
        }
        var c: Context? = top
        while (c != null && c !== installed) c = c.prev
        if (c == null) return // no longer on the chain: an enclosing scope or run already ended it
        var inner = 0
        var u: Context = top
        while (u !== installed) {
            val next = u.prev!!
            u.prev = null // unlink, so no chain of dead contexts stays reachable from the cell
            inner++
            u = next
        }
        cell.switchTo(previous)
        installed.prev = null
        misuse(
            "Scope closed out of order: $inner scope(s) opened inside it were still open; " +
                "they were closed with it and the context from before it is restored",
        )
    }
}

/** Runs every step of [open]'s iterator with [cell] installed, and the caller's cell back after it. */
private class CellIterator<T>(private val cell: ContextCell, open: () -> Iterator<T>) : Iterator<T> {
    private val delegate: Iterator<T> = step(open)

    private inline fun <R> step(action: () -> R): R {
        val caller = ThreadSlot.swap(cell)
        try {
            return action()
        } finally {
            ThreadSlot.install(caller)
        }
    }

    override fun hasNext(): Boolean = step { delegate.hasNext() }

    override fun next(): T = step { delegate.next() }
}
