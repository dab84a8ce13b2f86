package io.extracontext

import io.extracontext.spi.ContextCell
import io.extracontext.spi.CurrentCell
import io.extracontext.spi.ExtraContextSpi
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.listeners.BeforeSpecListener
import io.kotest.core.spec.Spec

/**
 * Checks that a spec leaves the test thread's context as it found it: the same cell installed,
 * holding the same context object with the same variables. Every spec in this project installs it.
 */
@OptIn(ExtraContextSpi::class)
class LeavesContextClean : BeforeSpecListener, AfterSpecListener {
    private var cellBefore: ContextCell? = null
    private var contextBefore: Context? = null

    override suspend fun beforeSpec(spec: Spec) {
        cellBefore = CurrentCell.get()
        contextBefore = copyContext()
    }

    override suspend fun afterSpec(spec: Spec) {
        val cellAfter = CurrentCell.get()
        // A thread that had no cell may have one now (a plain `set` creates it), but never a
        // different one than before, and never one with a scope still open.
        check(cellBefore == null || cellAfter === cellBefore) { "${spec::class.simpleName} left another cell installed on the thread" }
        check(cellAfter == null || cellAfter.openScopes() == 0) { "${spec::class.simpleName} left a scope open on the thread" }
        check(copyContext() == contextBefore) {
            "${spec::class.simpleName} left values behind in the thread's context: ${copyContext()} (was $contextBefore)"
        }
    }
}

/** How many scopes or `run` blocks are open on this cell: the length of its context chain. */
@OptIn(ExtraContextSpi::class)
internal fun ContextCell.openScopes(): Int {
    var n = 0
    var c = context.prev
    while (c != null) { n++; c = c.prev }
    return n
}
