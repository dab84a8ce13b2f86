package io.extracontext.namespace

import io.extracontext.Scope
import io.extracontext.StrictMode
import io.extracontext.jvm.ScopeDiagnostics

/**
 * What every backend's scope shares: close-once, the out-of-order rules of [Scope], and the
 * strict-mode location of misuse errors.
 */
internal abstract class ScopeBase(diagnose: Boolean = StrictMode.enabled) : Scope {
    // Slow path, taken only in strict mode: a stack walk and a cleaner registration per scope. A
    // scope only a framework opens and closes (a coroutine's resume) passes false: no user code
    // holds it, so there is no "opened at" to tell.
    private val diagnostics: ScopeDiagnostics? = if (diagnose) ScopeDiagnostics.register(this) else null
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

    /**
     * Reports a misuse of this scope through [onMisuse]: the caller has changed what the rules of
     * [Scope] say it changes (possibly nothing) before calling it.
     */
    protected fun misuse(message: String) {
        val hint = if (diagnostics == null) " (enable StrictMode to see where the scope was opened)" else ""
        onMisuse(IllegalStateException(message + hint, diagnostics?.openedAt))
    }

    /** Throws [error]; a scope whose owner's contract forbids a throwing close overrides it to log instead. */
    protected open fun onMisuse(error: IllegalStateException): Unit = throw error

    /**
     * Closes this scope, whose own node is [mine], on its execution's chain of nodes (contexts for
     * the native backend, frames for the pure one), innermost [top] first and linked outwards by
     * [parentOf], by [unwindChain]; a scope closed out of order is then reported as a misuse.
     * Answers whether [mine] was on the chain (if not, nothing changed).
     */
    protected inline fun <N : Any> unwind(top: N?, mine: N, parentOf: (N) -> N?, unlink: (N) -> Unit, restore: (closedWithIt: Int) -> Unit): Boolean {
        val inner = unwindChain(top, mine, parentOf, unlink, restore)
        if (inner > 0) {
            misuse(
                "Scope closed out of order: $inner scope(s) opened inside it were still open; " +
                    "they were closed with it and the values from before it are restored",
            )
        }
        return inner >= 0
    }
}

/**
 * The one out-of-order unwinding of every scope (both backends, entered executions, and through
 * `spi.ScopeChain` the integrations' own scopes): closes the scope whose node is [mine] on a chain
 * of nodes, innermost [top] first and linked outwards by [parentOf].
 *
 * - [mine] innermost: [restore] puts back what was current before it (told 0); answers 0.
 * - [mine] deeper in the chain: the nodes opened inside it are closed with it ([unlink] is called on
 *   each, innermost first), [restore] runs, told how many; answers how many were closed with it.
 * - [mine] not on the chain (an enclosing scope or run already ended it): nothing changes; answers -1.
 */
@PublishedApi
@JvmSynthetic
internal inline fun <N : Any> unwindChain(top: N?, mine: N, parentOf: (N) -> N?, unlink: (N) -> Unit, restore: (closedWithIt: Int) -> Unit): Int {
    if (top === mine) {
        restore(0)
        return 0
    }
    if (!chainContains(top, mine, parentOf)) return -1
    var inner = 0
    var node: N = top!!
    while (node !== mine) {
        val next = parentOf(node)!!
        unlink(node)
        inner++
        node = next
    }
    restore(inner)
    return inner
}

/** Whether [mine] is on the chain from [top] outwards by [parentOf]: whether it is open there. */
@PublishedApi
@JvmSynthetic
internal inline fun <N : Any> chainContains(top: N?, mine: N, parentOf: (N) -> N?): Boolean {
    var found: N? = top
    while (found != null && found !== mine) found = parentOf(found)
    return found != null
}
