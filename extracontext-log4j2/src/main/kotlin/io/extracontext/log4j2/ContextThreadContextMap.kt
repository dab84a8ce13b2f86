package io.extracontext.log4j2

import io.extracontext.spi.DiagnosticContext
import io.extracontext.spi.Integrations
import org.apache.logging.log4j.spi.CleanableThreadContextMap
import org.apache.logging.log4j.spi.ReadOnlyThreadContextMap
import org.apache.logging.log4j.util.StringMap

/**
 * Log4j2's `ThreadContext` map kept in the current extracontext [io.extracontext.Context] instead
 * of a thread-local map: `ThreadContext.put/get/remove/clearMap/getImmutableContext`, `%X{key}` and
 * every `LogEvent`'s context data act on / show the current context, so an entry put once follows
 * the code that put it into coroutines (with a `ContextElement`), isolated blocks, sequences and
 * flows, and `ContextPreservingExecutor` tasks, and nothing stays behind on a pooled thread.
 *
 * Select it before Log4j2 initialises `ThreadContext` (it reads the setting once), with the JVM flag
 * `-Dlog4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap` or that line in a
 * `log4j2.component.properties` on the class path:
 *
 * ```kotlin
 * // log4j2.component.properties: log4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap
 * ThreadContext.put("requestId", "r-1")
 * withContext(Dispatchers.IO) { log.info("loading") }   // %X{requestId} prints r-1
 * ```
 *
 * The entries are those of core's [DiagnosticContext], shared with `extracontext-slf4j`'s MDC:
 * - Reads (`get`, `containsKey`, `isEmpty`, `getImmutableMapOrNull`, events' context data) also
 *   show variables bound with [ContextThreadContext.bind] (or `ContextMdc.bind`); an entry put
 *   under a bound key shadows the variable in that context, `remove` shows the variable again.
 * - [getCopy] (`ThreadContext.getContext()`, SLF4J's `MDC.getCopyOfContextMap()`) and `putAll`
 *   (which SLF4J's `MDC.setContextMap` calls after `clearMap`) follow [DiagnosticContext]'s one rule
 *   of save and restore: the copy shows bound variables' values, and `putAll` leaves an entry of a
 *   bound key equal to what its variable shows now to the variable.
 * - A `null` key is refused by `put`/`putAll` with an [IllegalArgumentException] saying so; reads
 *   and removals of a `null` key find nothing and change nothing.
 *
 * It is copy-on-write for Log4j2 (it implements the deprecated marker
 * `org.apache.logging.log4j.spi.CopyOnWrite`, which log4j-core's `ContextDataInjectorFactory` still
 * checks in 2.24–2.26): each event keeps the context's immutable snapshot in a small frozen
 * [StringMap] view, with no copy of the entries.
 *
 * `ThreadContext`'s stack (`push`/`pop`, `%x`) is not part of this map: Log4j2 has no setting to
 * replace its `ThreadContextStack`, so it stays per thread; see the module README.
 */
@Suppress("DEPRECATION") // CopyOnWrite: deprecated in 2.24 without a replacement, still what selects the no-copy injector.
public class ContextThreadContextMap :
    CleanableThreadContextMap,
    ReadOnlyThreadContextMap,
    org.apache.logging.log4j.spi.CopyOnWrite {

    init {
        // Log4j2 instantiates this class reflectively and logs, through its StatusLogger, an
        // exception thrown here, then falls back to its default map: say exactly what is missing
        // instead of a bare NoClassDefFoundError (which Log4j2 would not catch at all).
        CoreCheck.requireCore(CoreCheck.CORE_CLASS)
        // A coroutine-misuse report names the application's ThreadContext.put, not this map or Log4j2.
        Integrations.registerLayer(ContextThreadContextMap::class.java, "org.apache.logging.")
    }

    /**
     * Puts [value] under [key] in the current context (`ThreadContext.put`).
     *
     * ```kotlin
     * ThreadContext.put("requestId", "r-1")
     * ```
     *
     * @throws IllegalArgumentException when [key] is `null`.
     */
    override fun put(key: String?, value: String?): Unit = DiagnosticContext.put(key, value)

    /**
     * Puts every entry of [map] in the current context (`ThreadContext.putAll`).
     *
     * ```kotlin
     * ThreadContext.putAll(mapOf("requestId" to "r-1", "user" to "alice"))
     * ```
     *
     * @throws IllegalArgumentException when a key of [map] is `null` (no entry of [map] is put then).
     */
    override fun putAll(map: Map<String?, String?>?) {
        if (map.isNullOrEmpty()) return
        require(map.keys.none { it == null }) { // not containsKey(null): a TreeMap throws on it
            "The ThreadContext has no null keys: putAll was given a map with a null key; remove that entry"
        }
        for ((key, value) in DiagnosticContext.entriesToStore(map)) DiagnosticContext.put(key, value)
    }

    /**
     * The value under [key] in the current context: an entry put there, else the value of a
     * variable bound to [key], else `null`.
     *
     * ```kotlin
     * ThreadContext.get("requestId")   // "r-1"
     * ```
     */
    override fun get(key: String?): String? = DiagnosticContext.get(key)

    /**
     * Removes the entry under [key] from the current context only.
     *
     * ```kotlin
     * ThreadContext.remove("requestId")
     * ```
     */
    override fun remove(key: String?): Unit = DiagnosticContext.remove(key)

    /**
     * Removes the entries under [keys] from the current context (`ThreadContext.removeAll`);
     * `null` keys are ignored.
     *
     * ```kotlin
     * ThreadContext.removeAll(listOf("requestId", "user"))
     * ```
     */
    override fun removeAll(keys: Iterable<String?>?) {
        keys?.forEach(DiagnosticContext::remove)
    }

    /**
     * Removes every entry of the current context, and nothing from any other context
     * (`ThreadContext.clearMap`); bound variables keep their values.
     *
     * ```kotlin
     * ThreadContext.clearMap()
     * ```
     */
    override fun clear(): Unit = DiagnosticContext.clear()

    /**
     * Whether [key] has a value (or a `null` put explicitly) in the current context, bound
     * variables included.
     *
     * ```kotlin
     * ThreadContext.containsKey("requestId")
     * ```
     */
    override fun containsKey(key: String?): Boolean {
        if (key == null) return false
        if (DiagnosticContext.ownEntries().containsKey(key)) return true
        return DiagnosticContext.get(key) != null
    }

    /**
     * A new mutable copy of what the current context shows, bound variables' values included (see
     * the class documentation).
     *
     * ```kotlin
     * val saved = ThreadContext.getContext()
     * ```
     */
    override fun getCopy(): MutableMap<String, String?> = DiagnosticContext.copy()

    /**
     * The entries of the current context with the values of bound variables, as an immutable map,
     * or `null` when there are none (`ThreadContext.getImmutableContext`). No copy is made.
     *
     * ```kotlin
     * ThreadContext.getImmutableContext()   // {requestId=r-1}
     * ```
     */
    override fun getImmutableMapOrNull(): Map<String, String?>? = DiagnosticContext.snapshot().takeUnless { it.isEmpty() }

    /**
     * Whether the current context shows no entry (bound variables with a value count).
     *
     * ```kotlin
     * ThreadContext.isEmpty()
     * ```
     */
    override fun isEmpty(): Boolean = DiagnosticContext.snapshot().isEmpty()

    /**
     * The current context's entries, bound variables included, as the frozen [StringMap] that
     * log4j-core attaches to each `LogEvent` (its context data): a view of the immutable snapshot,
     * not a copy, which later `put`s never change.
     *
     * ```kotlin
     * val data = (ThreadContext.getThreadContextMap() as ContextThreadContextMap).readOnlyContextData
     * data.getValue<String>("requestId")
     * ```
     */
    override fun getReadOnlyContextData(): StringMap = FrozenContextData.of(DiagnosticContext.snapshot())

    /** Says what this map is (Log4j2's status output prints it). */
    override fun toString(): String = "ContextThreadContextMap${DiagnosticContext.snapshot()}"
}
