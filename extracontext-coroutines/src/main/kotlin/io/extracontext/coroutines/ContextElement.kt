package io.extracontext.coroutines

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.copyContext
import io.extracontext.spi.Executions
import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * Gives a coroutine a context of its own, as asyncio gives each task one: every `ContextVar` and
 * every `ContextLocal` attribute read or written by the coroutine's code, on whatever thread it
 * resumes, is the coroutine's.
 *
 * Put one in the root scope; every coroutine below it then gets its own copy:
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 *
 * runBlocking(ContextElement()) {              // starts from the caller's values
 *     requestId.set("r-1")
 *     val child = launch(Dispatchers.Default) {
 *         requestId.get()                      // "r-1": a copy taken at launch
 *         requestId.set("r-2")                 // invisible to the parent
 *     }
 *     requestId.set("r-3")                     // invisible to the child
 *     child.join()
 *     withContext(Dispatchers.IO) { requestId.set("r-4") }
 *     requestId.get()                          // "r-4": a dispatcher change isolates nothing
 * }
 * val scope = CoroutineScope(Dispatchers.Default + ContextElement())
 * ```
 *
 * Semantics:
 * - `launch`, `async`, `runBlocking`, `future`, `produce`… ([copyForChild]): the child starts from a
 *   copy of what this coroutine sees at that moment; afterwards neither sees the other's writes.
 * - `withContext(ctx.element())`, `withContext(ContextElement(...))` ([mergeForChild]): the block
 *   gets its own copy, discarded when the block ends, however it ends.
 * - `withContext(Dispatchers.IO)`, `coroutineScope`, `withTimeout`: no copy; the block is the same
 *   execution as its caller, so what it writes is seen after it (kotlinx.coroutines#3414).
 *
 * A coroutine whose context holds no `ContextElement` uses whatever context its thread has at the
 * moment, exactly as a `ThreadLocal` would: writes may land on a pooled thread and be lost at the
 * next resume. The element's cost is one thread-local swap per resume and per suspension, with no
 * allocation; what the coroutine does to its context is never copied on a switch.
 *
 * @sample io.extracontext.examples.samples.contextElementSample
 */
@OptIn(ExperimentalCoroutinesApi::class, DelicateCoroutinesApi::class)
public class ContextElement private constructor(
    // One cell for the coroutine's whole life: a scope opened before a suspension is still open
    // after it, on any thread, because the slot points at the cell rather than at a snapshot.
    private val cell: ContextCell,
) : AbstractCoroutineContextElement(Key), CopyableThreadContextElement<Any?> {
    // The thread state is typed Any? (it is always a ContextCell?) to keep the opt-in SPI type out of
    // this public class's signatures.

    /**
     * An element whose coroutine starts from a copy of [context]; [context] itself is never written.
     *
     * ```kotlin
     * runBlocking(ContextElement()) { }                  // the caller's current values
     * scope.launch(ContextElement(savedContext)) { }     // the values of a saved snapshot
     * ```
     */
    public constructor(context: Context = copyContext()) : this(ContextCell.startingFrom(context))

    /**
     * The key of [ContextElement] in a coroutine context.
     *
     * ```kotlin
     * val mine: ContextElement? = currentCoroutineContext()[ContextElement]
     * ```
     */
    public companion object Key : CoroutineContext.Key<ContextElement> {
        /** An element over [cell], a cell nobody else holds (for `asContextElement(value)`); hidden from Java. */
        @JvmSynthetic
        internal fun over(cell: ContextCell): ContextElement = ContextElement(cell)
    }

    /**
     * Installs this coroutine's context on the current thread; called by kotlinx.coroutines on
     * every resume. Returns what the thread had, for [restoreThreadContext].
     *
     * ```kotlin
     * launch(Dispatchers.IO + ContextElement()) {
     *     requestId.set("r-1")
     *     delay(10)            // suspends; resumes maybe on another thread:
     *     requestId.get()      // "r-1", installed again by this call
     * }
     * ```
     */
    override fun updateThreadContext(context: CoroutineContext): Any? = Executions.switchTo(cell)

    /**
     * Puts back what the thread had before [updateThreadContext]; called on every suspension. The
     * previous cell is installed unconditionally, so the last restore on a thread wins.
     *
     * ```kotlin
     * runBlocking(ContextElement()) {
     *     requestId.set("r-1")
     *     delay(10)            // the thread gets its own context back while this waits
     * }
     * requestId.isSet()        // false: nothing of the coroutine stayed on this thread
     * ```
     */
    // Unconditionally, not with a Scope's rules: kotlinx.coroutines 1.11.0 may restore an outer
    // element before an inner one under `flowOn` (kotlinx.coroutines#4755), and the inner restores
    // that come after it are what switches an undispatched emission back to the flow's body; a
    // scope closed with its enclosing one would drop that switch.
    override fun restoreThreadContext(context: CoroutineContext, oldState: Any?): Unit = Executions.switchBack(oldState as ContextCell?)

    /**
     * The element of a new child coroutine: it starts from a copy of what this coroutine sees now,
     * at the launch (asyncio task semantics).
     *
     * ```kotlin
     * requestId.set("r-1")
     * launch { requestId.get() }   // "r-1": the child's copy, taken at this launch
     * requestId.set("r-2")         // not seen by the child
     * ```
     */
    override fun copyForChild(): ContextElement = ContextElement(cell.fork())

    /**
     * The element of a coroutine (or `withContext` block) to which an element was passed explicitly:
     * it starts from a copy of [overwritingElement]'s context, so every use of that element is
     * isolated from every other.
     *
     * ```kotlin
     * withContext(ctx.element()) { ctx.setAttribute("user", "bob") }   // isolated
     * ctx.getAttribute("user", null)                                   // the caller's value
     * ```
     */
    override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext = (overwritingElement as ContextElement).copyForChild()

    override fun toString(): String = "ContextElement(${cell.snapshot()})"
}
