@file:JvmName("Contexts")

package io.extracontext

/**
 * A snapshot of the current context, in O(1): what Python's `contextvars.copy_context()` returns.
 * Later writes on either side do not show on the other.
 *
 * ```kotlin
 * requestId.set("r-7")
 * val ctx = copyContext()
 * thread { ctx.run { check(requestId.get() == "r-7") } }
 * ```
 *
 * From Java: `Context ctx = Contexts.copyContext();`
 *
 * @sample io.extracontext.examples.samples.copyContextSample
 */
public fun copyContext(): Context = Execution.contextOf(Execution.currentVars())
