package io.extracontext.spi

import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi
import io.extracontext.jvm.WriteChecks
import io.extracontext.pmap.SortedArrayMap

/**
 * The mapped diagnostic context of the logging frameworks (SLF4J's `MDC`, Log4j2's
 * `ThreadContext`), kept in the current [io.extracontext.Context] instead of a thread-local map.
 *
 * Its entries are context state like any [ContextVar]: a coroutine with a `ContextElement` keeps
 * what it put across suspensions and dispatchers, a child coroutine, an isolated block, sequence,
 * flow or pool task starts from a copy, and nothing stays on a pooled thread after a task. The
 * logging modules (`extracontext-slf4j`, `extracontext-log4j2`) adapt it to their frameworks, so
 * both see the same entries when both are installed.
 *
 * ```kotlin
 * DiagnosticContext.put("requestId", "r-1")
 * DiagnosticContext.snapshot()          // {requestId=r-1}: immutable, no copy made
 * DiagnosticContext.bind("user", user)  // `user`'s current value shows under "user"
 * ```
 *
 * Rules shared by every adapter:
 * - Entries are sorted by key; [put] and [remove] copy the entries (a handful, as diagnostic
 *   contexts hold) and a read is a binary search with no allocation.
 * - A key bound to a variable with [bind] shows that variable's value, as a String, where it has
 *   one. An entry [put] under the same key in the current context shadows the variable there, so
 *   code that only uses the MDC reads back exactly what it put; [remove] shows the variable again.
 * - Save and restore (`MDC.getCopyOfContextMap`/`setContextMap`, `ThreadContext.getContext`/`putAll`),
 *   the same in every adapter: the saved copy ([copy]) is what the MDC shows, bound variables'
 *   values included, so a copy handed to another thread carries them; a restore stores the entries
 *   of [entriesToStore], which leaves an entry of a bound key whose value equals what its variable
 *   shows now to the variable, so that restoring a copy never pins a variable's value as an entry.
 * - A `null` key is refused by [put], [push] and [bind] with an [IllegalArgumentException] that says
 *   so; reads and removals of a `null` key find nothing and change nothing.
 */
@ExtraContextSpi
public object DiagnosticContext {
    private val entries = ContextVar("io.extracontext.mdc", SortedArrayMap.empty<String?>())

    private val stacks = ContextVar("io.extracontext.mdc.stacks", SortedArrayMap.empty<Stack>())

    init {
        // A write of these is an MDC entry written through a logging facade: reports say so.
        WriteChecks.nameAttributes(entries.name, "MDC key")
        WriteChecks.nameAttributes(stacks.name, "MDC stack")
    }

    /** Bound keys and their variables, sorted by key; replaced whole on [bind]/[unbind] (rare). */
    @Volatile
    private var bindings: SortedArrayMap<ContextVar<*>> = SortedArrayMap.empty()

    /**
     * The value under [key] in the current context: an entry put there, else the value of the
     * variable bound to [key], else `null`.
     *
     * ```kotlin
     * val id = DiagnosticContext.get("requestId")
     * ```
     */
    @JvmStatic
    public fun get(key: String?): String? {
        if (key == null) return null
        val own = entries.get()
        // One binary search in the common case (a non-null entry); the second only for a null
        // value or a miss, to tell "put as null" (shadows a binding) from "absent".
        val value = own[key]
        if (value != null) return value
        val bound = bindings
        if (bound.isEmpty() || own.containsKey(key)) return null
        return bound[key]?.let(::boundValue)
    }

    /**
     * Puts [value] under [key] in the current context.
     *
     * ```kotlin
     * DiagnosticContext.put("requestId", "r-1")
     * ```
     *
     * @throws IllegalArgumentException when [key] is `null`.
     */
    @JvmStatic
    public fun put(key: String?, value: String?) {
        val k = requireKey(key, "put")
        entries.updateWithoutToken(k, createCell = true) { it.with(k, value) }
    }

    /**
     * Removes the entry under [key] from the current context (a variable bound to [key] shows again).
     *
     * ```kotlin
     * DiagnosticContext.remove("requestId")
     * ```
     */
    @JvmStatic
    public fun remove(key: String?) {
        if (key == null) return
        entries.updateWithoutToken(key, createCell = false) { it.without(key) }
    }

    /**
     * Removes every entry from the current context, and nothing from any other; bound variables
     * keep their values (they belong to their owner, not to the MDC).
     *
     * ```kotlin
     * DiagnosticContext.clear()
     * ```
     */
    @JvmStatic
    public fun clear() {
        entries.updateWithoutToken(null, createCell = false) { SortedArrayMap.empty() }
    }

    /**
     * Replaces the current context's entries with those of [map] (entries with a `null` key are
     * skipped); `null` clears them.
     *
     * ```kotlin
     * DiagnosticContext.replaceAll(mapOf("requestId" to "r-1"))
     * ```
     */
    @JvmStatic
    public fun replaceAll(map: Map<String?, String?>?) {
        entries.setWithoutToken(if (map == null) SortedArrayMap.empty() else SortedArrayMap.of(map), null)
    }

    /**
     * The entries of the current context, with the values of bound variables under their keys:
     * an immutable map. Where no bound variable has a value, this is the stored map itself, so a log
     * event can keep it without a copy.
     *
     * ```kotlin
     * val mdc: Map<String, String?> = DiagnosticContext.snapshot()
     * ```
     */
    @JvmStatic
    public fun snapshot(): Map<String, String?> {
        var result = entries.get()
        val bound = bindings
        if (bound.isEmpty()) return result
        for ((key, variable) in bound) {
            if (result.containsKey(key)) continue
            val value = boundValue(variable) ?: continue
            result = result.with(key, value)
        }
        return result
    }

    /**
     * A new mutable copy of [snapshot]: what a logging framework's save returns (see the class
     * documentation for the rule of save and restore).
     *
     * ```kotlin
     * val saved = DiagnosticContext.copy()   // later: DiagnosticContext.replaceAll(DiagnosticContext.entriesToStore(saved))
     * ```
     */
    @JvmStatic
    public fun copy(): MutableMap<String, String?> = HashMap(snapshot())

    /**
     * The entries of [map] that a restore stores: those with a String key (anything else from a
     * raw map is skipped, never thrown on), values as Strings, except an entry of a bound key whose
     * value equals what its variable shows now, which is left to the variable. `null`: none.
     *
     * ```kotlin
     * DiagnosticContext.replaceAll(DiagnosticContext.entriesToStore(saved))
     * ```
     */
    @JvmStatic
    public fun entriesToStore(map: Map<*, *>?): Map<String?, String?> {
        if (map.isNullOrEmpty()) return emptyMap()
        val bound = bindings
        val out = LinkedHashMap<String?, String?>(map.size)
        for ((k, v) in map) {
            val key = k as? String ?: continue
            val value = v?.toString()
            val variable = if (bound.isEmpty()) null else bound[key]
            if (variable != null && value == boundValue(variable)) continue
            out[key] = value
        }
        return out
    }

    /**
     * The entries the current context stores itself, without bound variables: what a logging
     * framework's own snapshot/restore (`getCopyOfContextMap` then `setContextMap`) must round-trip.
     *
     * ```kotlin
     * val own = DiagnosticContext.ownEntries()
     * ```
     */
    @JvmStatic
    public fun ownEntries(): Map<String, String?> = entries.get()

    /**
     * Shows [variable]'s current value, as a String, under [key] in every context where no entry
     * of that key was put; replaces an earlier binding of [key].
     *
     * ```kotlin
     * val requestId = ContextVar<String>("request_id")
     * DiagnosticContext.bind("requestId", requestId)
     * ```
     *
     * @throws IllegalArgumentException when [key] is `null`.
     */
    @JvmStatic
    public fun bind(key: String?, variable: ContextVar<*>) {
        val k = requireKey(key, "bind")
        synchronized(this) { bindings = bindings.with(k, variable) }
    }

    /**
     * Removes the binding of [key]; entries put under [key] are untouched.
     *
     * ```kotlin
     * DiagnosticContext.unbind("requestId")
     * ```
     */
    @JvmStatic
    public fun unbind(key: String?) {
        if (key == null) return
        synchronized(this) { bindings = bindings.without(key) }
    }

    /**
     * The variable bound to [key], or `null`.
     *
     * ```kotlin
     * DiagnosticContext.boundVariable("requestId")   // requestId
     * ```
     */
    @JvmStatic
    public fun boundVariable(key: String?): ContextVar<*>? = key?.let { bindings[it] }

    /**
     * Pushes [value] on the stack under [key] in the current context (SLF4J's `MDC.pushByKey`).
     *
     * ```kotlin
     * DiagnosticContext.push("op", "load")
     * ```
     *
     * @throws IllegalArgumentException when [key] is `null`.
     */
    @JvmStatic
    public fun push(key: String?, value: String?) {
        val k = requireKey(key, "push")
        stacks.updateWithoutToken(k, createCell = true) { it.with(k, Stack(value, it[k])) }
    }

    /**
     * Pops the top of the stack under [key] in the current context, or returns `null` when it is empty.
     *
     * ```kotlin
     * val op = DiagnosticContext.pop("op")
     * ```
     */
    @JvmStatic
    public fun pop(key: String?): String? {
        if (key == null) return null
        var popped: String? = null
        stacks.updateWithoutToken(key, createCell = false) { all ->
            val top = all[key] ?: return null
            popped = top.value
            if (top.next == null) all.without(key) else all.with(key, top.next)
        }
        return popped
    }

    /**
     * The stack under [key] in the current context, top first, as a new list.
     *
     * ```kotlin
     * DiagnosticContext.stack("op")   // [load, start]
     * ```
     */
    @JvmStatic
    public fun stack(key: String?): List<String?> {
        val result = ArrayList<String?>()
        var s = key?.let { stacks.get()[it] }
        while (s != null) {
            result.add(s.value)
            s = s.next
        }
        return result
    }

    /**
     * Empties the stack under [key] in the current context.
     *
     * ```kotlin
     * DiagnosticContext.clearStack("op")
     * ```
     */
    @JvmStatic
    public fun clearStack(key: String?) {
        if (key == null) return
        stacks.updateWithoutToken(key, createCell = false) { it.without(key) }
    }

    private fun requireKey(key: String?, operation: String): String = requireNotNull(key) {
        "The diagnostic context (MDC) has no null keys: $operation(null, ...) was called; pass a non-null key"
    }

    private fun boundValue(variable: ContextVar<*>): String? = variable.getOrNull()?.toString()

    /** One immutable stack of values: shared by every context copied from the one that pushed. */
    private class Stack(val value: String?, val next: Stack?)
}
