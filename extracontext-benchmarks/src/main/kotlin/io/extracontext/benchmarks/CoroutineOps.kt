package io.extracontext.benchmarks

import io.extracontext.coroutines.ContextElement
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.slf4j.MDCContext
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * The coroutine side of `CoroutineBenchmark`, in Kotlin because JMH's annotation processor only
 * sees Java: each function is one `runBlocking` (a single-threaded event loop, the benchmark
 * thread) doing [n] operations, so its own start-up is spread over [n].
 *
 * The element under test is the root coroutine's: ours ([ContextElement]), kotlinx's
 * `ThreadLocal.asContextElement()`, kotlinx-coroutines-slf4j's [MDCContext], or none.
 */
object CoroutineOps {
    /** Which element a benchmark puts in the root coroutine (and, for [withContexts], in each block). */
    enum class Subject { NONE, OURS, THREAD_LOCAL, MDC, COPYABLE_NO_OP }

    /**
     * The floor of any element that copies at launch: a `CopyableThreadContextElement`
     * that does nothing at all. kotlinx.coroutines rebuilds a child's context through `foldCopies`
     * whenever the parent's holds a copyable element, and that, not the element, is what this costs.
     */
    @OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class, kotlinx.coroutines.DelicateCoroutinesApi::class)
    private class CopyableNoOp :
        kotlin.coroutines.AbstractCoroutineContextElement(Key),
        kotlinx.coroutines.CopyableThreadContextElement<Any?> {
        companion object Key : CoroutineContext.Key<CopyableNoOp>
        override fun updateThreadContext(context: CoroutineContext): Any? = null
        override fun restoreThreadContext(context: CoroutineContext, oldState: Any?) {}
        override fun copyForChild(): CopyableNoOp = CopyableNoOp()
        override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext = overwritingElement
    }

    /** The thread local of the kotlinx subject; its value for the coroutine is [value]. */
    @JvmField val threadLocal: ThreadLocal<Any?> = ThreadLocal()
    private val value = Any()
    private val other = Any()

    private fun element(subject: Subject): CoroutineContext = when (subject) {
        Subject.NONE -> EmptyCoroutineContext
        Subject.OURS -> ContextElement()                       // a copy of the caller's context, O(1)
        Subject.THREAD_LOCAL -> threadLocal.asContextElement(value)
        Subject.MDC -> MDCContext()                            // a copy of the caller's MDC map
        Subject.COPYABLE_NO_OP -> CopyableNoOp()
    }

    /** The scoped element of [withContexts]: a new value (or copy) for the block only. */
    private fun scoped(subject: Subject): CoroutineContext = when (subject) {
        Subject.NONE -> CoroutineName("block")                 // a context change with no thread element
        Subject.OURS -> ContextElement()                       // the block gets its own copy of the coroutine's context
        Subject.THREAD_LOCAL -> threadLocal.asContextElement(other)
        Subject.MDC -> MDCContext()
        Subject.COPYABLE_NO_OP -> CopyableNoOp()
    }

    /** [n] `yield()`s: every one is a suspension and a resume through the event loop. */
    @JvmStatic
    fun yields(subject: Subject, n: Int): Int = runBlocking(element(subject)) {
        repeat(n) { yield() }
        n
    }

    /** [n] times `launch { }.join()`: a child started (copying the element where it copies) and awaited. */
    @JvmStatic
    fun launchJoins(subject: Subject, n: Int): Int = runBlocking(element(subject)) {
        repeat(n) { launch { }.join() }
        n
    }

    /** [n] times `withContext(scoped element) { }` on the same dispatcher: no dispatch, the element swapped in and out. */
    @JvmStatic
    fun withContexts(subject: Subject, n: Int): Int = runBlocking(element(subject)) {
        repeat(n) { withContext(scoped(subject)) { } }
        n
    }
}
