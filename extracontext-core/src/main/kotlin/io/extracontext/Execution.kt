package io.extracontext

import io.extracontext.jvm.SwitchObservation
import io.extracontext.jvm.ThreadSlot
import io.extracontext.jvm.WriteChecks
import io.extracontext.pmap.PersistentMap

/**
 * The one place where work is run in a context on the current thread. Every propagation form is
 * one of two moves, and a new form must be one of them too:
 *
 * - [runIn]: the SAME execution continues in another context for a while (Context.run and wrap, a
 *   native namespace's isolation). The thread's cell is pointed at that context and back in a
 *   finally; the context is chained to the one it replaced, so a scope opened inside and never
 *   closed is unwound with it, and a coroutine's cell keeps its identity (its element still finds
 *   it). A thread with no cell gets one for the block only, and the root (null) back after.
 * - [runAsExecution] (and [runAsTask] for a snapshot run on another thread: an executor's task, a
 *   Java future's stage through `spi.TaskSnapshot`): a NEW execution with its own cell (a pooled task, one step of an isolated
 *   iterator). The cell is installed on the thread and the thread's own cell put back in a
 *   finally, untouched: nothing the new execution does can reach the thread's context.
 *
 * A scope entered through the SPI's `Executions.enter` does the second move split in two halves
 * (install when entered, restore when closed): Micrometer's accessor per signal, the test kit per
 * test. A coroutine element does the same halves on every resume through `Executions.switchTo` and
 * `switchBack`, which keep no scope rules because kotlinx.coroutines orders the restores itself.
 *
 * Also the accessors of the thread's current cell: nothing else reads or writes the thread slot.
 * Every member is `@JvmSynthetic`: Java sees the object, nothing it can call or write.
 */
internal object Execution {
    /** The cell installed on this thread, or `null` for the empty root. */
    @JvmSynthetic
    @Suppress("NOTHING_TO_INLINE")
    inline fun currentCell(): ContextCell? = ThreadSlot.get() as ContextCell?

    /** Installs [cell] on this thread (`null`: the root) and returns what was installed before. */
    @JvmSynthetic
    @Suppress("NOTHING_TO_INLINE")
    inline fun swapCell(cell: ContextCell?): ContextCell? = ThreadSlot.swap(cell) as ContextCell?

    /** Installs [cell] on this thread (`null`: the root). */
    @JvmSynthetic
    @Suppress("NOTHING_TO_INLINE")
    inline fun installCell(cell: ContextCell?): Unit = ThreadSlot.set(cell)

    /** The current execution's variables; the empty map at the root. */
    @JvmSynthetic
    fun currentVars(): PersistentMap<ContextVar<*>, Any?> = currentCell()?.vars ?: PersistentMap.empty()

    /**
     * Runs [block] with [context] current on [existing] (the thread's cell, or `null` for the root):
     * the first move above. The caller has entered [context] (see [Context.run]) or holds the only
     * reference to it.
     */
    @JvmSynthetic
    inline fun <R> runIn(existing: ContextCell?, context: Context, block: () -> R): R {
        if (existing == null) {
            installCell(ContextCell.create(context))
            try {
                switchedIn()
                return block()
            } finally {
                installCell(null)
                switchedBack()
            }
        }
        val previous = enterContext(existing, context)
        try {
            switchedIn()
            return block()
        } finally {
            existing.switchTo(previous)
            context.prev = null
            switchedBack()
        }
    }

    /**
     * [runIn] a copy of [vars] that no other code can reach (a wrapped task's run). On a thread with
     * no execution the copy is made only if the block needs the object (see [ContextCell.copyOf]).
     */
    @JvmSynthetic
    inline fun <R> runInCopy(vars: PersistentMap<ContextVar<*>, Any?>, block: () -> R): R {
        val existing = currentCell() ?: return runAsExecution(ContextCell.copyOf(vars)) { block() }
        return runIn(existing, contextOf(vars), block)
    }

    /**
     * Points [cell] at [context], chained to the context it replaces (returned): the first move's
     * half that a scope leaves open until its close, which unwinds the chain (see `ScopeBase`).
     */
    @JvmSynthetic
    fun enterContext(cell: ContextCell, context: Context): Context {
        val previous = cell.context
        context.prev = previous
        cell.switchTo(context)
        return previous
    }

    /**
     * Runs [block] as the new execution [cell]: the second move above. [block] gets the cell the
     * thread had before (`null`: the root), which is installed again after it.
     */
    @JvmSynthetic
    inline fun <R> runAsExecution(cell: ContextCell, block: (caller: ContextCell?) -> R): R {
        val caller = swapCell(cell)
        try {
            switchedIn()
            return block(caller)
        } finally {
            installCell(caller)
            switchedBack()
        }
    }

    /**
     * What `spi.Executions.observeSwitches` registered (several are combined into one), or `null`:
     * told of every switch above, so that a store outside this library can follow the context.
     */
    @Volatile
    @JvmStatic
    @get:JvmSynthetic
    @set:JvmSynthetic
    var switchObserver: SwitchObserver? = null

    // Not inline: the switch paths are inlined into every wrapped task and block, and three bytes
    // of call there (which the JIT inlines and folds away while nothing observes) keep those
    // bodies small enough for the JIT to inline them in turn; the observer's code inlined at each
    // site made a wrapped task about 15% slower.

    /** Tells the observer, if any, that another execution or context is now current on this thread. */
    @JvmStatic
    @JvmSynthetic
    fun switchedIn() {
        if (SwitchObservation.enabled()) switchObserver?.switchedIn()
    }

    /**
     * Tells the observer, if any, that the context from before the matching [switchedIn] is back. An
     * observer registered during a switch hears its end without its start; see `SwitchObserver`.
     */
    @JvmStatic
    @JvmSynthetic
    fun switchedBack() {
        if (SwitchObservation.enabled()) switchObserver?.switchedBack()
    }

    /**
     * The innermost scope entered on this thread through `spi.Executions` (typed there), or `null`:
     * the chain an out-of-order close of such a scope unwinds.
     */
    @JvmSynthetic
    fun enteredScope(): Any? = ThreadSlot.entered()

    /** Records [scope] (`null`: none) as the innermost entered scope on this thread. */
    @JvmSynthetic
    fun recordEnteredScope(scope: Any?): Unit = ThreadSlot.enter(scope)

    /**
     * The cell installed on this thread, created (empty) on first use, for a write of [variable]
     * ([attribute]: the attribute of a namespace, [WriteChecks.ENTER], or `null` for the variable
     * itself; both only name the write in a report).
     *
     * Creating the cell is exactly "a first write into this thread's own root context": the one place
     * the always-on coroutine check runs, so no later write pays for it. Strict mode checks every write
     * into a cell no coroutine element or isolated iterator carries.
     */
    @JvmSynthetic
    fun cellForWrite(variable: ContextVar<*>, attribute: String?): ContextCell {
        val cell = currentCell() ?: return firstCell(variable, attribute)
        if (StrictMode.enabled && !cell.carried) WriteChecks.strict(variable.name, attribute)
        return cell
    }

    private fun firstCell(variable: ContextVar<*>, attribute: String?): ContextCell {
        val cell = ContextCell.create(Context())
        installCell(cell)
        // Installed before the check, so a log handler that itself writes a variable lands in it.
        WriteChecks.firstCell(variable.name, attribute, StrictMode.enabled)
        return cell
    }

    /**
     * Told, when a pooled task starts, of the cell the worker thread had (only when it had one: a
     * worker nobody dirtied has none, and then this costs a null test). The test kit's worker probe
     * sets it; see `spi.LeakProbe.watchWorkers`.
     */
    fun interface WorkerObserver {
        fun observe(worker: ContextCell, submitted: PersistentMap<ContextVar<*>, Any?>)
    }

    @Volatile
    @get:JvmSynthetic
    @set:JvmSynthetic
    var workerObserver: WorkerObserver? = null

    /**
     * Runs [action] as a new execution starting from [vars] (a pooled task's captured snapshot): a fresh
     * cell for every run, so a periodic task's runs, and the tasks that share a pooled thread, never see
     * each other's writes; the worker's own cell (or the root) is back after each run, also on a throw.
     */
    @JvmSynthetic
    inline fun <R> runAsTask(vars: PersistentMap<ContextVar<*>, Any?>, action: () -> R): R = runAsExecution(ContextCell.copyOf(vars)) { worker ->
        if (worker != null) workerObserver?.observe(worker, vars)
        action()
    }

    /** A context holding [vars]: what a snapshot becomes when it is run. */
    @JvmSynthetic
    fun contextOf(vars: PersistentMap<ContextVar<*>, Any?>): Context = Context().also { it.vars = vars }
}
