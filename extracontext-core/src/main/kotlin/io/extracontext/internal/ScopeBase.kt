package io.extracontext.internal

import io.extracontext.Context
import io.extracontext.Scope
import io.extracontext.StrictMode
import io.extracontext.jvm.ScopeDiagnostics
import java.lang.ref.WeakReference

/** What every backend's scope shares: close-once, and the strict-mode location of misuse errors. */
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
    protected fun recordInstalled(context: Context) {
        diagnostics?.installed = WeakReference(context)
    }

    protected fun markClosed() {
        closed = true
        diagnostics?.closed = true
    }

    protected fun misuse(message: String): Nothing {
        val hint = if (diagnostics == null) " (enable StrictMode to see where the scope was opened)" else ""
        throw IllegalStateException(message + hint, diagnostics?.openedAt)
    }
}
