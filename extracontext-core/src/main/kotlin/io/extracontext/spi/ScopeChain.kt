package io.extracontext.spi

import io.extracontext.ExtraContextSpi
import io.extracontext.namespace.chainContains
import io.extracontext.namespace.unwindChain

/**
 * The out-of-order rules of [io.extracontext.Scope] for an integration's own chain of scopes (a
 * storage that keeps a foreign library's current context in a `ContextVar`, as OpenTelemetry's does):
 * the same unwinding every scope of the library uses, so that all of them close alike. Not inline,
 * so that a check of the compiled classes sees who unwinds; give it lambdas that capture nothing
 * (they are then allocated once).
 *
 * ```kotlin
 * val inner = ScopeChain.unwind(top = holder.get(), mine = this, parentOf = { it.parent },
 *     unlink = { it.closed = true }, restore = { variable.reset(token) })
 * if (inner > 0) log("closed out of order")
 * ```
 */
@ExtraContextSpi
public object ScopeChain {
    /**
     * Closes the scope whose node is [mine] on a chain of open nodes, innermost [top] first and
     * linked outwards by [parentOf]. [mine] innermost: [restore] runs, and the answer is 0. [mine]
     * deeper: [unlink] runs on each node opened inside it (innermost first), then [restore], and the
     * answer is how many were closed with it (a misuse to report). [mine] not on the chain (another
     * thread, or closed with an enclosing scope already): nothing runs, and the answer is -1.
     *
     * ```kotlin
     * ScopeChain.unwind("b", "b", parentOf = { null }, unlink = {}, restore = { println("restored") })   // 0
     * ```
     */
    @JvmSynthetic
    public fun <N : Any> unwind(top: N?, mine: N, parentOf: (N) -> N?, unlink: (N) -> Unit, restore: () -> Unit): Int = unwindChain(top, mine, parentOf, unlink) { restore() }

    /**
     * Whether [mine] is on the chain of open nodes from [top] outwards by [parentOf]: whether its
     * scope is open where this runs.
     *
     * ```kotlin
     * ScopeChain.contains(top = holder.get(), mine = this, parentOf = { it.parent })
     * ```
     */
    @JvmSynthetic
    public fun <N : Any> contains(top: N?, mine: N, parentOf: (N) -> N?): Boolean = chainContains(top, mine, parentOf)
}
