package io.extracontext.spi

import io.extracontext.ContextCell
import io.extracontext.Execution
import io.extracontext.Scope
import io.extracontext.StrictMode
import io.extracontext.namespace.ScopeBase
import java.util.logging.Level
import java.util.logging.Logger

/**
 * A scope of [Executions.enter]: [displaced] is the cell it put back, [below] the scope that was
 * innermost on its thread when it was entered. The chain of them, innermost first, is what an
 * out-of-order close unwinds.
 */
internal class EnteredScope private constructor(
    private val displaced: ContextCell?,
    private val below: EnteredScope?,
    private val logMisuse: Boolean,
) : ScopeBase(diagnose = !logMisuse && StrictMode.enabled) {
    // Set when an enclosing scope was closed first and closed this one with it.
    private var ended = false

    override fun release() {
        if (ended) return markClosed()
        val onChain = unwind(
            top = Execution.enteredScope() as EnteredScope?,
            mine = this,
            parentOf = { it.below },
            unlink = { it.ended = true },
            restore = { closedWithIt ->
                markClosed()
                Execution.installCell(displaced)
                Execution.recordEnteredScope(below)
                repeat(closedWithIt + 1) { Execution.switchedBack() }
            },
        )
        if (!onChain) misuse("Scope closed on another thread than the one that entered it; no context was changed")
    }

    override fun onMisuse(error: IllegalStateException) {
        if (!logMisuse) throw error
        if (LOG.isLoggable(Level.FINE)) LOG.log(Level.FINE, error.message, error)
    }

    override fun toString(): String = "Executions.enter scope (restores $displaced)"

    companion object {
        private val LOG: Logger = Logger.getLogger("io.extracontext")

        @JvmSynthetic
        fun enter(cell: ContextCell?, logMisuse: Boolean): Scope {
            val below = Execution.enteredScope() as EnteredScope?
            val scope = EnteredScope(Execution.swapCell(cell), below, logMisuse)
            Execution.recordEnteredScope(scope)
            Execution.switchedIn()
            return scope
        }

        @JvmSynthetic
        fun exitAll() {
            var scope = Execution.enteredScope() as EnteredScope?
            var ended = 0
            while (scope != null) {
                scope.ended = true
                scope = scope.below
                ended++
            }
            Execution.recordEnteredScope(null)
            Execution.installCell(null)
            repeat(ended) { Execution.switchedBack() }
        }
    }
}
