package io.extracontext

import io.extracontext.jvm.Counter
import io.extracontext.pmap.Absent
import io.extracontext.pmap.PersistentMap

/**
 * A context variable: a value per [Context], as Python's `contextvars.ContextVar` (PEP 567).
 *
 * Each thread, coroutine (with `extracontext-coroutines`), isolated sequence and pooled task sees
 * the value set in its own current context. Two variables with the same [name] are different
 * variables: identity, not the name, is the key.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 * val user = ContextVar("user", "anonymous")          // with a default
 *
 * val token = requestId.set("r-42")
 * try { handle() } finally { requestId.reset(token) }
 * requestId.withValue("r-43") { handle() }            // the same, in one call
 * ```
 *
 * Lookups cost one thread-local read and one hash-trie probe; a variable nobody references can be
 * collected (the library keeps no registry of variables).
 *
 * @sample io.extracontext.examples.samples.contextVarSample
 */
public class ContextVar<T> {
    /** The name given at construction: for messages and debugging only. */
    public val name: String

    private val defaultValue: Any?

    // Precomputed rather than identityHashCode: no header inflation, and well spread over trie slots.
    private val hash: Int = HASH_INCREMENT * hashes.next()

    /** A variable with no default: [get] throws until a value is set. */
    public constructor(name: String) {
        this.name = name
        this.defaultValue = NoDefault
    }

    /** A variable whose [get] returns [default] where no value is set (it may be `null` for a nullable `T`). */
    public constructor(name: String, default: T) {
        this.name = name
        this.defaultValue = default
    }

    // Values may be null, so "no cell" must answer Absent explicitly rather than through `?:`.
    private fun lookup(): Any? {
        val cell = Execution.currentCell() ?: return Absent
        return valueIn(cell)
    }

    /**
     * The value in [cell]'s current context, or [Absent]. A repeated read of the same variable is
     * answered from the cell's one-entry read cache; a miss probes the map and remembers the
     * hit. Absent answers are not cached, so a variable set nowhere is not kept alive by a cell.
     */
    @JvmSynthetic
    internal fun valueIn(cell: ContextCell): Any? {
        val hit = cell.hit
        return if (hit != null && hit.key === this && hit.map === cell.vars) hit.value else probe(cell)
    }

    // The miss path, out of line so that the hit path stays small enough to inline everywhere. The
    // map is read once: the value and the map a new hit records must be the same map's.
    private fun probe(cell: ContextCell): Any? {
        val vars = cell.vars
        val older = cell.olderHit
        if (older != null && older.answers(this, vars)) return older.value
        val value = vars.get(this)
        if (value === Absent) return value
        val fresh = ReadHit(vars, this, value)
        val current = cell.hit
        if (current != null && current.map === vars) {
            // Both entries stay useful unless the older one answers another map: three or more
            // variables read in turn replace only the second entry, so a variable then read on its
            // own is still answered from the first.
            if (older != null && older.map === vars) {
                cell.olderHit = fresh
            } else {
                cell.olderHit = current
                cell.hit = fresh
            }
        } else {
            cell.hit = fresh
        }
        return value
    }

    /**
     * The value in the current context, else the default, else an exception.
     *
     * ```kotlin
     * ContextVar("user", "guest").get()   // "guest"
     * ```
     *
     * @throws NoSuchElementException when no value is set and there is no default.
     */
    @Suppress("UNCHECKED_CAST")
    public fun get(): T {
        // The cached hit first, with nothing else on its path: a hit is never Absent.
        val cell = Execution.currentCell()
        if (cell != null) {
            val hit = cell.hit
            if (hit != null && hit.key === this && hit.map === cell.vars) return hit.value as T
        }
        val value = if (cell == null) Absent else probe(cell)
        if (value !== Absent) return value as T
        if (defaultValue !== NoDefault) return defaultValue as T
        throw NoSuchElementException("ContextVar '$name' has no value in the current context and no default")
    }

    /**
     * The value in the current context, else [default]; the variable's own default is not consulted.
     *
     * ```kotlin
     * user.get("nobody")
     * ```
     */
    @Suppress("UNCHECKED_CAST")
    public fun get(default: T): T {
        val value = lookup()
        return if (value !== Absent) value as T else default
    }

    /**
     * What [get] returns, or `null` where [get] would throw.
     *
     * ```kotlin
     * val id: String? = requestId.getOrNull()
     * ```
     */
    @Suppress("UNCHECKED_CAST")
    public fun getOrNull(): T? {
        val value = lookup()
        if (value !== Absent) return value as T
        return if (defaultValue !== NoDefault) defaultValue as T else null
    }

    /**
     * Whether a value is set in the current context; a default does not count.
     *
     * ```kotlin
     * if (!requestId.isSet()) requestId.set(newId())
     * ```
     */
    public fun isSet(): Boolean = lookup() !== Absent

    /**
     * Sets the value in the current context and returns a [Token] that [reset] takes to restore the
     * previous state. Put the reset in a `finally`, or use [withValue].
     *
     * ```kotlin
     * val token = user.set("alice")
     * try { serve() } finally { user.reset(token) }
     * ```
     */
    public fun set(value: T): Token<T> {
        val cell = Execution.cellForWrite(this, null)
        val before = cell.vars
        // No lookup of the value there first: a set of the value it already has only costs a map.
        val after = before.putChanged(this, value)
        cell.write(after)
        return Token.create(this, cell.context, before, after)
    }

    // For a read followed at once by a write of this variable (a diagnostic map read, changed and
    // set back): a valid hit answers it, a miss records no hit, since the write would forget it.
    @JvmSynthetic
    @Suppress("UNCHECKED_CAST")
    internal fun getBeforeWrite(): T {
        val cell = Execution.currentCell()
        val value = if (cell == null) Absent else peekIn(cell)
        return if (value !== Absent) value as T else valueWhenAbsent()
    }

    // A read of this variable and the write of what [change] makes of it, on one lookup of the
    // execution's cell (a diagnostic map changed in place of the MDC's). With [createCell] false,
    // a thread with no context is left alone: the change of an empty default writes nothing there.
    @JvmSynthetic
    @Suppress("UNCHECKED_CAST")
    internal inline fun updateWithoutToken(entry: String?, createCell: Boolean, change: (T) -> T) {
        val cell = if (createCell) Execution.cellForWrite(this, entry) else Execution.currentCell() ?: return
        val found = peekIn(cell)
        val current = if (found !== Absent) found as T else valueWhenAbsent()
        val next = change(current)
        if (next !== current) cell.write(cell.vars.putChanged(this, next))
    }

    // The value in [cell] or [Absent], as [valueIn] answers, but a miss records no hit.
    @JvmSynthetic
    internal fun peekIn(cell: ContextCell): Any? {
        val hit = cell.hit
        return if (hit != null && hit.key === this && hit.map === cell.vars) hit.value else cell.vars.get(this)
    }

    @JvmSynthetic
    @Suppress("UNCHECKED_CAST")
    internal fun valueWhenAbsent(): T {
        if (defaultValue !== NoDefault) return defaultValue as T
        throw NoSuchElementException("ContextVar '$name' has no value in the current context and no default")
    }

    /**
     * Sets without creating a token, for the namespaces and the MDC that store their entries in one
     * variable: [entry] (the namespace attribute or MDC key written, `null` for a clear) names the
     * write in coroutine reports.
     */
    @JvmSynthetic
    internal fun setWithoutToken(value: T, entry: String?) {
        val cell = Execution.cellForWrite(this, entry)
        cell.write(cell.vars.put(this, value))
    }

    /**
     * Restores the variable to what it was before the [set] that returned [token]; when it had no
     * value then, it is removed again.
     *
     * ```kotlin
     * val token = user.set("alice")
     * user.reset(token)
     * ```
     *
     * @throws IllegalStateException when [token] was already used.
     * @throws IllegalArgumentException when [token] belongs to another variable, or was created in
     *   another context than the current one.
     */
    public fun reset(token: Token<T>) {
        val cell = Execution.currentCell()
        if (token.used || token.variable !== this || cell == null || token.context !== cell.context) refuse(token)
        token.used = true
        val vars = cell.vars
        // Fast path: nothing was written since the set, so the map from before it is exactly right,
        // unless the set merged a full overlay: going back to it would merge it again at the next set
        // (a loop of `withValue` after four fresh writes), so the merged map gets the old value back.
        cell.write(if (vars === token.after && !token.after.mergedFrom(token.before)) token.before else putBack(token, vars))
    }

    // Out of line, as is [refuse]: the reset above stays small enough for the JIT to inline into the
    // caller with its set, so that the token can be scalar-replaced.
    private fun putBack(token: Token<T>, vars: PersistentMap<ContextVar<*>, Any?>): PersistentMap<ContextVar<*>, Any?> {
        val old = token.before.get(this)
        return if (old === Absent) vars.remove(this) else vars.put(this, old)
    }

    private fun refuse(token: Token<T>): Nothing {
        check(!token.used) { "Token for ContextVar '$name' has already been used once: a token resets only once" }
        require(token.variable === this) {
            "Token was created by ContextVar '${token.variable.name}', not by ContextVar '$name'"
        }
        throw IllegalArgumentException("Token for ContextVar '$name' was created in a different Context than the current one")
    }

    /**
     * Runs [block] with this variable set to [value], and restores the previous state in a
     * `finally`, whatever the block does. Kotlin only; Java writes
     * `try (Token<String> t = requestId.set("r-9")) { ... }`.
     *
     * ```kotlin
     * requestId.withValue("r-9") { log("handled") }
     * ```
     */
    @JvmSynthetic
    public fun <R> withValue(value: T, block: () -> R): R {
        val token = set(value)
        try {
            return block()
        } finally {
            reset(token)
        }
    }

    override fun hashCode(): Int = hash

    override fun toString(): String = "ContextVar(name=$name)"

    private companion object {
        private val NoDefault = Any()

        // Spread like ThreadLocal's hash codes, so consecutive variables land in distinct trie slots.
        private const val HASH_INCREMENT = 0x61c88647
        private val hashes = Counter()
    }
}
