package io.extracontext.jvm

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.spi.ContextCell
import io.extracontext.pmap.PersistentMap
import java.util.concurrent.Callable

/**
 * The snapshot a submitted task carries: the submitter's variables at submission. Every run starts
 * a fresh cell from it, so a periodic task's runs, and the tasks that share a pooled thread, never
 * see each other's writes; the worker's own cell (or the root, `null`) is back after each run,
 * also when the task throws.
 */
internal class Snapshot private constructor(private val vars: PersistentMap<ContextVar<*>, Any?>) {

    inline fun <R> runIn(action: () -> R): R {
        val worker = ThreadSlot.swap(ContextCell(Context(vars)))
        try {
            // A worker nobody dirtied has no cell: the test kit's check costs this null test.
            if (worker != null) WorkerWatch.observe(worker, vars)
            return action()
        } finally {
            ThreadSlot.install(worker)
        }
    }

    companion object {
        fun capture(): Snapshot = Snapshot(ThreadSlot.currentVars())
    }
}

internal class ContextRunnable(private val snapshot: Snapshot, private val task: Runnable) : Runnable {
    override fun run() = snapshot.runIn { task.run() }

    override fun toString(): String = "ContextRunnable($task)"
}

internal class ContextCallable<V>(private val snapshot: Snapshot, private val task: Callable<V>) : Callable<V> {
    override fun call(): V = snapshot.runIn { task.call() }

    override fun toString(): String = "ContextCallable($task)"
}

internal fun Runnable.capturingContext(): Runnable = ContextRunnable(Snapshot.capture(), this)

internal fun <V> Callable<V>.capturingContext(): Callable<V> = ContextCallable(Snapshot.capture(), this)
