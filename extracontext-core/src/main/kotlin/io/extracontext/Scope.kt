package io.extracontext

/**
 * An isolated region opened by [ContextLocal.enter]: Python's `with ctx:` block. Close it in a
 * `finally`, or with `use` / try-with-resources.
 *
 * ```kotlin
 * ctx.enter().use { ctx.setAttribute("user", "bob") }   // the caller's "user" is back afterwards
 * // Java: try (Scope s = ctx.enter()) { ... }
 * ```
 *
 * Rules: scopes nest and interleave across namespaces; [close] twice is a no-op. Closing a scope
 * that is not the innermost one open restores the context from before it, closes the scopes
 * opened inside it, and throws [IllegalStateException]. Closing from another thread throws and
 * changes nothing. See [StrictMode] to learn where a misused scope was opened.
 */
public interface Scope : AutoCloseable {
    /**
     * Leaves the scope: what was written inside it is gone, the values from before it are back.
     *
     * ```kotlin
     * val scope = ctx.enter()
     * try { work() } finally { scope.close() }
     * ```
     */
    override fun close()
}
