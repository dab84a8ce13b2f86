package io.extracontext.coroutines

import io.extracontext.Backend
import io.extracontext.ContextLocal
import io.extracontext.copyContext
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.launch

/**
 * A cold flow whose body runs, for each collection, in its own copy of the collector's context
 * taken when that collection starts: Python's `@ctx` on an async generator function. The body and
 * the collector never see each other's writes; a `finally` in the body runs in the body's context
 * also when the collector stops early or is cancelled.
 *
 * ```kotlin
 * val ctx = ContextLocal()
 * val numbers = ctx.flow {
 *     ctx.setAttribute("n", 0)
 *     repeat(3) { emit(it); ctx.setAttribute("n", it) }   // the collector never sees "n" change
 * }
 * withContext(ContextElement()) { numbers.collect { println(it) } }
 * ```
 *
 * The body must not emit from inside `withContext` (the usual flow invariant): isolate the part
 * that needs it with [isolate] instead. When the collecting coroutine holds no [ContextElement],
 * the body runs in a child coroutine of the collection that advances only while the collector
 * waits for its next value, so the order of steps is the same.
 *
 * @throws UnsupportedOperationException for a [Backend.PURE] namespace (see [element]).
 * @sample io.extracontext.examples.samples.flowSample
 */
@JvmSynthetic
public fun <T> ContextLocal.flow(block: suspend FlowCollector<T>.() -> Unit): Flow<T> = isolate(kotlinx.coroutines.flow.flow(block))

/**
 * The same elements as [flow], with every collection of it isolated as in [ContextLocal.flow]:
 * its upstream runs in a copy of the collector's context taken when collection starts.
 *
 * ```kotlin
 * val isolated = ctx.isolate(repository.changes())
 * isolated.take(2).collect { render(it) }
 * ```
 *
 * @throws UnsupportedOperationException for a [Backend.PURE] namespace (see [element]).
 */
public fun <T> ContextLocal.isolate(flow: Flow<T>): Flow<T> {
    requireNative("isolate(flow)")
    return IsolatedFlow(flow)
}

private class IsolatedFlow<T>(private val upstream: Flow<T>) : Flow<T> {

    override suspend fun collect(collector: FlowCollector<T>) {
        val start = ContextElement(copyContext())
        if (currentCoroutineContext()[ContextElement] != null) {
            // flowOn with an element-only context takes kotlinx's undispatched path: the body runs
            // in its own cell, and each emission switches back to the collector's element. That
            // switch is what restores the collector's cell, so this path needs the collector to
            // have an element; otherwise nothing would take the body's cell off the thread when
            // the body suspends (kotlinx.coroutines 1.11.0 defers that restore, kotlinx.coroutines#4755).
            upstream.flowOn(start).collect(collector)
        } else {
            collectInOwnCoroutine(start, collector)
        }
    }

    /**
     * For a collector without a [ContextElement]: the body runs in a child coroutine holding the
     * element, and hands each value over and waits until the collector is done with it, so the
     * body advances only while the collector waits, as a generator does.
     */
    private suspend fun collectInOwnCoroutine(start: ContextElement, collector: FlowCollector<T>) = coroutineScope {
        val values = Channel<T>(Channel.RENDEZVOUS)
        val taken = Channel<Unit>(Channel.RENDEZVOUS)
        launch(start) {
            try {
                upstream.collect { value ->
                    values.send(value)
                    taken.receive()
                }
            } finally {
                values.close()
            }
        }
        for (value in values) {
            collector.emit(value)
            taken.send(Unit)
        }
    }
}
