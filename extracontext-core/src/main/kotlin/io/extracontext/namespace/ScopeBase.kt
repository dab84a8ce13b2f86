package io.extracontext.namespace

import io.extracontext.Scope
import io.extracontext.StrictMode
import io.extracontext.jvm.ScopeDiagnostics

/**
 * What every backend's scope shares: close-once, the out-of-order rules of [Scope], and the
 * strict-mode location of misuse errors.
 */
internal abstract class ScopeBase : Scope {
    // Slow path, taken only in strict mode: a stack walk and a cleaner registration per scope.
    private val diagnostics: ScopeDiagnostics? = if (StrictMode.enabled) ScopeDiagnostics.register(this) else null
    private var closed = false

    final override fun close() {
        if (closed) return
        release()
    }

    /** Undoes the scope; called at most until it calls [markClosed] (or throws without doing so). */
    protected abstract fun release()

    /** Tells strict mode which context this scope made current, so a leak check can tell whether it is still open. */
    protected fun recordInstalled(context: Any) {
        diagnostics?.recordInstalled(context)
    }

    protected fun markClosed() {
        closed = true
        diagnostics?.closed = true
    }

    protected fun misuse(message: String): Nothing {
        val hint = if (diagnostics == null) " (enable StrictMode to see where the scope was opened)" else ""
        throw IllegalStateException(message + hint, diagnostics?.openedAt)
    }

    /**
     * Closes this scope, whose own node is [mine], on its execution's chain of nodes (contexts for
     * the native backend, frames for the pure one), innermost [top] first and linked outwards by
     * [parentOf]: the one out-of-order unwinding of both backends.
     *
     * - [mine] innermost: [restore] puts back what was current before this scope.
     * - [mine] deeper in the chain: the scopes opened inside it are closed with it ([unlink] is
     *   called on each of their nodes, innermost first), [restore] runs, and the misuse throws.
     * - [mine] not on the chain: an enclosing scope or run already ended it; nothing changes.
     */
    protected inline fun <N : Any> unwind(top: N, mine: N, parentOf: (N) -> N?, unlink: (N) -> Unit, restore: () -> Unit) {
        if (top === mine) {
            restore()
            return
        }
        var found: N? = top
        while (found != null && found !== mine) found = parentOf(found)
        if (found == null) return
        var inner = 0
        var node: N = top
        while (node !== mine) {
            val next = parentOf(node)!!
            unlink(node)
            inner++
            node = next
        }
        restore()
        misuse(
            "Scope closed out of order: $inner scope(s) opened inside it were still open; " +
                "they were closed with it and the values from before it are restored",
        )
    }
}
