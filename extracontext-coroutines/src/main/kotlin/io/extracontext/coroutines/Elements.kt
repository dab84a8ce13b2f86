package io.extracontext.coroutines

import io.extracontext.Backend
import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.spi.Executions
import kotlin.coroutines.CoroutineContext

/**
 * An element that runs a coroutine, or a `withContext` block, in an isolated copy of the current
 * context: `withContext(ctx.element()) { }` is the suspending form of `ctx.run { }`. What the block
 * writes is gone when it ends, normally, by an exception, by cancellation or by a timeout.
 *
 * As with [ContextLocal.run] on [Backend.NATIVE], the copy covers the whole context: every
 * namespace and every `ContextVar`.
 *
 * ```kotlin
 * val ctx = ContextLocal()
 * ctx.setAttribute("user", "alice")
 * withContext(ctx.element()) {
 *     ctx.setAttribute("user", "bob")
 *     delay(10)
 *     ctx.getAttribute("user")   // "bob"
 * }
 * ctx.getAttribute("user")       // "alice"
 * ```
 *
 * @throws UnsupportedOperationException for a [Backend.PURE] namespace, whose values stay on the
 *   thread that set them and so cannot follow a coroutine.
 * @sample io.extracontext.examples.samples.elementSample
 */
public fun ContextLocal.element(): CoroutineContext.Element {
    requireNative("element()")
    return ContextElement(copyContext())
}

/**
 * An element that runs a coroutine, or a `withContext` block, in a copy of this context: the
 * suspending form of [Context.run], except that the block's writes stay in its copy, not in this
 * object, because the same element may start any number of coroutines.
 *
 * ```kotlin
 * val snapshot = copyContext()
 * scope.launch(snapshot.asContextElement()) { requestId.get() }   // the values of the snapshot
 * ```
 */
public fun Context.asContextElement(): CoroutineContext.Element = ContextElement(this)

/**
 * An element that runs a coroutine, or a `withContext` block, in an isolated copy of the current
 * context with this variable set to [value]: what kotlinx's `ThreadLocal.asContextElement(value)`
 * is for a thread local, but the block's own writes are kept across its suspensions and dispatcher
 * changes, and are gone when it ends, however it ends.
 *
 * The copy is taken now, when the element is created; each coroutine or block started with the
 * element starts from it afresh, so two uses of one element never see each other's writes.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 * withContext(requestId.asContextElement("r-1")) {
 *     delay(10)
 *     requestId.get()                      // "r-1", on whatever thread the block resumed
 * }
 * scope.launch(requestId.asContextElement("r-2")) { handle() }
 * ```
 */
public fun <T> ContextVar<T>.asContextElement(value: T): CoroutineContext.Element {
    // The value is written into the element's own cell, installed for the length of that one
    // write: the caller's context is never touched, and the write is not a coroutine-misuse report.
    val cell = ContextCell.startingFrom(copyContext())
    Executions.enter(cell).use { set(value) }
    return ContextElement.over(cell)
}

@JvmSynthetic
internal fun ContextLocal.requireNative(operation: String) {
    if (backend == Backend.PURE) {
        throw UnsupportedOperationException(
            "$operation is not available on a Backend.PURE ContextLocal: PURE values stay on the thread " +
                "that set them and cannot follow a coroutine or flow across threads; use Backend.NATIVE " +
                "(the default) for coroutines",
        )
    }
}
