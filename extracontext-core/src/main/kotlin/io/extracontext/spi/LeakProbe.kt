package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.ContextVar
import io.extracontext.Execution
import io.extracontext.ExtraContextSpi
import io.extracontext.StrictMode
import io.extracontext.copyContext
import io.extracontext.jvm.ScopeDiagnostics
import io.extracontext.namespace.Deleted
import io.extracontext.pmap.PersistentMap

/**
 * What the current thread held at one moment: its cell, its context's values, how many scopes were
 * open on the cell. Taken by [LeakProbe.capture], compared by [LeakProbe.leaksSince].
 *
 * ```kotlin
 * val before = LeakProbe.capture()
 * runTest()
 * LeakProbe.leaksSince(before).forEach { println(it) }
 * ```
 */
@ExtraContextSpi
public sealed interface ThreadState

/** The only [ThreadState]: what [LeakProbe.capture] recorded. */
private class CapturedThreadState(
    val thread: Thread,
    val cell: ContextCell?,
    val values: Context,
    val openScopes: Int,
    val scopeSerial: Long,
) : ThreadState {
    override fun toString(): String = "ThreadState(thread=${thread.name}, values=$values, openScopes=$openScopes)"
}

/**
 * The leak checks of the `extracontext-test` kit, kept in core so that core's own tests (which
 * cannot depend on the kit: the kit depends on core) run exactly the same checks as everybody else.
 *
 * Three kinds of leak are seen:
 * - values left in the thread's context ([leaksSince]): every changed variable, and every changed
 *   attribute of a `ContextLocal`/`ContextMap`, by name;
 * - scopes left open on the thread's cell ([leaksSince]), counted exactly; with [StrictMode] on,
 *   each with the place it was opened. Scopes of `Backend.PURE` namespaces live outside the context
 *   and are not seen;
 * - values left on a `ContextPreservingExecutor` worker ([drainWorkerLeaks]), once [watchWorkers]
 *   is on.
 *
 * ```kotlin
 * LeakProbe.watchWorkers(true)
 * val before = LeakProbe.capture()
 * test()
 * val leaks = LeakProbe.leaksSince(before) + LeakProbe.drainWorkerLeaks()
 * check(leaks.isEmpty()) { leaks.joinToString("\n") }
 * ```
 */
@ExtraContextSpi
public object LeakProbe {

    /**
     * The current thread's state, to compare with later.
     *
     * ```kotlin
     * val before = LeakProbe.capture()
     * ```
     */
    @JvmStatic
    public fun capture(): ThreadState {
        val cell = Execution.currentCell()
        return CapturedThreadState(Thread.currentThread(), cell, copyContext(), cell?.openScopes() ?: 0, ScopeDiagnostics.serial())
    }

    /**
     * What the current thread holds now that it did not hold at [before], one sentence per leak,
     * each naming the variable, attribute or scope; empty when the thread is as it was. A thread
     * that had no cell may have one now (a thread's first write creates it, as a Python thread gets
     * its context), as long as it holds nothing. Called on another thread than [before] was taken
     * on, it has nothing to compare and answers an empty list.
     *
     * ```kotlin
     * LeakProbe.leaksSince(before)   // ["ContextVar 'request_id' = r-1 (was not set)"]
     * ```
     */
    @JvmStatic
    public fun leaksSince(before: ThreadState): List<String> {
        val captured = before as CapturedThreadState
        if (Thread.currentThread() !== captured.thread) return emptyList()
        val out = ArrayList<String>()
        val cell = Execution.currentCell()
        if (captured.cell != null && cell !== captured.cell) {
            out += "another context cell is installed on the thread than before the test: code installed an execution's " +
                "cell (a coroutine element, an isolated iterator) through the SPI and did not put the previous one back"
        }
        val scopesBefore = if (cell === captured.cell) captured.openScopes else 0
        val scopesNow = cell?.openScopes() ?: 0
        if (scopesNow > scopesBefore) {
            out += "${scopesNow - scopesBefore} scope(s) left open on the thread (ContextLocal.enter() without close())" +
                openedAt(captured.scopeSerial)
        }
        out += describeChanges(captured.values, copyContext())
        return out
    }

    /**
     * The differences between two contexts, one sentence per variable or namespace attribute
     * (values shortened to 80 characters); empty when they hold the same values.
     *
     * ```kotlin
     * LeakProbe.describeChanges(Context(), copyContext())   // what the current context holds
     * ```
     */
    @JvmStatic
    public fun describeChanges(before: Context, after: Context): List<String> {
        val out = ArrayList<String>()
        val keys = LinkedHashSet<ContextVar<*>>()
        keys += after.keys
        keys += before.keys
        for (key in keys) {
            val had = before.containsKey(key)
            val has = after.containsKey(key)
            val old = before[key]
            val new = after[key]
            if (had && has && old == new) continue
            if (old is PersistentMap<*, *> || new is PersistentMap<*, *>) {
                describeNamespace(key.name, old as? PersistentMap<*, *>, new as? PersistentMap<*, *>, out)
            } else {
                out += "ContextVar '${key.name}' " + change(had, old, has, new)
            }
        }
        return out
    }

    /**
     * Starts (or stops) recording `ContextPreservingExecutor` workers found holding a context of
     * their own when a task starts on them. Off by default; while off, running a task costs nothing
     * more than before.
     *
     * ```kotlin
     * LeakProbe.watchWorkers(true)
     * ```
     */
    @JvmStatic
    public fun watchWorkers(on: Boolean) {
        WorkerWatch.enabled = on
    }

    /**
     * The workers found holding values or open scopes since the last call, one sentence each with
     * the thread's name and what it held, and forgets them.
     *
     * A task of a `ContextPreservingExecutor` runs in its own cell and puts the worker's cell back
     * in a `finally`, so it cannot leave anything on its worker; what can is code that runs on a
     * worker outside such a task (a task submitted straight to a wrapped pool, the pool's hooks, a
     * decorator, a thread factory). The executor sees it when the next task starts on that worker.
     *
     * ```kotlin
     * LeakProbe.drainWorkerLeaks()   // ["worker 'pool-1-thread-1' holds: ContextVar 'v' = -1 (was not set)"]
     * ```
     */
    @JvmStatic
    public fun drainWorkerLeaks(): List<String> = WorkerWatch.drain()

    // Scopes opened while strict mode was on have their records even if it is off again by now.
    private fun openedAt(serial: Long): String {
        val chain = ArrayList<Any>()
        var c: Context? = Execution.currentCell()?.context
        while (c != null) {
            chain += c
            c = c.prev
        }
        val records = ScopeDiagnostics.openSince(serial, Thread.currentThread(), chain)
        if (records.isEmpty()) return "; enable StrictMode to see where each was opened"
        return locations(records)
    }

    private fun locations(records: List<Throwable>): String = records.joinToString("") { record ->
        val frame = record.stackTrace.firstOrNull { !isLibraryFrame(it.className) }
        "\n    opened at ${frame ?: "(unknown)"} on ${record.message?.substringAfter("on thread ") ?: "?"}"
    }

    // The first frame that is not this library's own code is the caller that opened the scope.
    // Packages and model classes by class reference (a rename fails to compile here); the public
    // faces by name, since the SPI may not depend on them (LeakProbeSpec checks that they exist).
    private val libraryPackages = listOf(Deleted::class.java, ScopeDiagnostics::class.java, PersistentMap::class.java, LeakProbe::class.java)
        .map { it.packageName + "." }

    /** The classes whose frames are this library's own, beside [libraryPackages]. */
    @get:JvmSynthetic
    internal val libraryClasses: Set<String> = setOf(Context::class.java.name, ContextVar::class.java.name, Execution::class.java.name) +
        listOf("ContextLocal", "ContextMap").map { Context::class.java.packageName + "." + it }

    private fun isLibraryFrame(className: String): Boolean = libraryPackages.any { className.startsWith(it) } || className.substringBefore('$') in libraryClasses

    private fun describeNamespace(label: String, old: PersistentMap<*, *>?, new: PersistentMap<*, *>?, out: MutableList<String>) {
        val before = old.toPlainMap()
        val after = new.toPlainMap()
        for (name in (after.keys + before.keys).toSortedSet()) {
            val had = before.containsKey(name) && before[name] !== Deleted
            val has = after.containsKey(name) && after[name] !== Deleted
            if (had == has && before[name] == after[name]) continue
            out += "attribute '$name' of $label " + change(had, before[name], has, after[name])
        }
    }

    private fun PersistentMap<*, *>?.toPlainMap(): Map<String, Any?> {
        if (this == null) return emptyMap()
        val out = HashMap<String, Any?>()
        @Suppress("UNCHECKED_CAST")
        (this as PersistentMap<String, Any?>).forEach { k, v -> out[k] = v }
        return out
    }

    private fun change(had: Boolean, old: Any?, has: Boolean, new: Any?): String = when {
        !has -> "was removed (was ${show(old)})"
        !had -> "= ${show(new)} (was not set)"
        else -> "= ${show(new)} (was ${show(old)})"
    }

    private fun show(value: Any?): String {
        val text = try {
            value.toString()
        } catch (e: RuntimeException) {
            "<toString() threw ${e.javaClass.simpleName}>"
        }
        return if (text.length <= 80) text else text.take(77) + "..."
    }
}

/** How many scopes or `run` blocks are open on this cell: the length of its context chain. */
@JvmSynthetic
internal fun ContextCell.openScopes(): Int {
    var n = 0
    var c = context.prev
    while (c != null) {
        n++
        c = c.prev
    }
    return n
}
