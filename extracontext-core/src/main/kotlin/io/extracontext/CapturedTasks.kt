package io.extracontext

import io.extracontext.pmap.PersistentMap
import java.util.concurrent.Callable

/*
 * What a ContextPreservingExecutor submits in place of a task: the task and the submitter's
 * variables at submission. Every run is a new execution starting from them (Execution.runAsTask).
 */

internal class ContextRunnable(
    private val vars: PersistentMap<ContextVar<*>, Any?>,
    private val task: Runnable,
) : Runnable {
    override fun run() = Execution.runAsTask(vars) { task.run() }

    override fun toString(): String = "ContextRunnable($task)"
}

internal class ContextCallable<V>(
    private val vars: PersistentMap<ContextVar<*>, Any?>,
    private val task: Callable<V>,
) : Callable<V> {
    override fun call(): V = Execution.runAsTask(vars) { task.call() }

    override fun toString(): String = "ContextCallable($task)"
}

/** This task, bound to the caller's current context. */
@JvmSynthetic
internal fun Runnable.capturingContext(): Runnable = ContextRunnable(Execution.currentVars(), this)

/** This task, bound to the caller's current context. */
@JvmSynthetic
internal fun <V> Callable<V>.capturingContext(): Callable<V> = ContextCallable(Execution.currentVars(), this)
