package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.ContextVar
import io.extracontext.Execution
import io.extracontext.pmap.PersistentMap

/**
 * Records `ContextPreservingExecutor` workers found holding a context of their own when a task
 * starts on them: the leak check of the test kit reads the records after each test.
 *
 * Why a hook in the task rather than a registry of executors probed after each test: a thread's
 * slot can be read only by that thread, so a probe would have to run a task on every worker
 * (blocking busy pools, and impossible to aim at each worker of an arbitrary wrapped pool). The
 * task wrapper is already on the worker and already holds the worker's cell (the swap returns
 * it): when it is `null`, as it is on every worker nobody dirtied, the check is that one null test.
 * Records are sentences, so they keep no value and no context alive.
 */
internal object WorkerWatch : Execution.WorkerObserver {
    /** Whether tasks report their workers here: the model calls [observe] only while this is on. */
    var enabled: Boolean
        @JvmSynthetic get() = Execution.workerObserver === this

        @JvmSynthetic set(on) {
            Execution.workerObserver = if (on) this else null
        }

    private const val MAX_RECORDS = 32
    private val records = ArrayDeque<String>()

    /**
     * [worker] is the cell the worker thread had when a task captured with [submitted] started.
     * The same variables as the submitter's means the task runs inline on its submitter (a
     * caller-runs policy, a direct executor): that is the submitter's context, not a leak.
     */
    @JvmSynthetic
    override fun observe(worker: ContextCell, submitted: PersistentMap<ContextVar<*>, Any?>) {
        if (worker.vars === submitted) return
        val held = LeakProbe.describeChanges(Context(), worker.snapshot())
        val scopes = worker.openScopes()
        if (held.isEmpty() && scopes == 0) return
        val what = held + if (scopes > 0) listOf("$scopes open scope(s)") else emptyList()
        val record = "worker '${Thread.currentThread().name}' holds, between tasks: ${what.joinToString("; ")}"
        synchronized(records) {
            if (records.size == MAX_RECORDS) records.removeFirst()
            records.addLast(record)
        }
    }

    @JvmSynthetic
    fun drain(): List<String> = synchronized(records) {
        val out = records.distinct()
        records.clear()
        out
    }
}
