package io.extracontext.coroutines

import io.extracontext.Context
import io.extracontext.copyContext
import io.extracontext.spi.ContextCell
import io.extracontext.spi.CurrentCell
import io.extracontext.spi.ExtraContextSpi
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.listeners.BeforeSpecListener
import io.kotest.core.spec.Spec

/**
 * Checks that a spec leaves the test thread's context as it found it: the same cell installed,
 * holding the same context object with the same variables. Every spec in this module installs it.
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
        check(cellAfter === cellBefore) { "${spec::class.simpleName} left another cell installed on the thread" }
        check(copyContext() == contextBefore) {
            "${spec::class.simpleName} left values behind in the thread's context: ${copyContext()} (was $contextBefore)"
        }
    }
}
