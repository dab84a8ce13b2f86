package io.extracontext

import io.extracontext.jvm.ReferenceFieldCas
import io.extracontext.pmap.Absent
import io.extracontext.pmap.PersistentMap
import java.util.concurrent.Callable

/**
 * A set of [ContextVar] values: what `contextvars.Context` is in Python (PEP 567).
 *
 * Every thread starts in an empty context of its own. [copyContext] takes a snapshot of the current
 * one in O(1); [run] makes a context current for the length of a block. As a [Map] a context is
 * read-only, shows only the variables set in it (defaults do not count), and equals any map with
 * the same entries.
 *
 * ```kotlin
 * val user = ContextVar<String>("user")
 * user.set("alice")
 * val snapshot = copyContext()
 * user.set("bob")
 * snapshot.run { user.get() }   // "alice"
 * snapshot[user]                // "alice"
 * ```
 *
 * Thread-safety: a context may be read from any thread; it is entered by at most one thread at a
 * time ([run] throws otherwise), and only the thread that entered it writes to it.
 */
public class Context : Map<ContextVar<*>, Any?> {

    /**
     * An empty context: no variable is set in it.
     *
     * ```kotlin
     * Context().run { user.get("nobody") }   // "nobody"
     * ```
     */
    public constructor()

    /** The values: replaced, never mutated, by the writes made while this context is current. */
    @JvmField
    @JvmSynthetic
    internal var vars: PersistentMap<ContextVar<*>, Any?> = PersistentMap.empty()

    /** The cell that has entered this context through [run], or `null`; set by compare-and-set. */
    @Volatile
    @JvmField
    @JvmSynthetic
    internal var enteredBy: Any? = null

    /** The context that was current when this one was entered: the chain a scope unwinds along. */
    @JvmField
    @JvmSynthetic
    internal var prev: Context? = null

    /**
     * Runs [block] with this context current, and returns its result. Changes the block makes to
     * context variables stay in this context object, also when the block throws. Kotlin only; Java
     * calls [run] with a `Runnable` or [call].
     *
     * ```kotlin
     * val ctx = copyContext()
     * ctx.run { requestId.set("r-1") }
     * ctx[requestId]   // "r-1"; the caller's own context is unchanged
     * ```
     *
     * @throws IllegalStateException when this context is already entered, on this or another thread.
     */
    @JvmSynthetic
    public fun <R> run(block: () -> R): R = enterAndRun(block)

    /**
     * Runs [task] with this context current: the Java form of `run { }`. What the task sets stays
     * in this context object.
     *
     * ```java
     * Context ctx = Contexts.copyContext();
     * ctx.run(() -> requestId.set("r-1"));
     * ```
     *
     * @throws IllegalStateException when this context is already entered, on this or another thread.
     */
    public fun run(task: Runnable): Unit = enterAndRun { task.run() }

    /**
     * Calls [task] with this context current and returns its result; its exceptions, checked ones
     * included, propagate unchanged.
     *
     * ```java
     * String id = snapshot.call(requestId::get);
     * ```
     *
     * @throws IllegalStateException when this context is already entered, on this or another thread.
     */
    @Throws(Exception::class)
    public fun <V> call(task: Callable<V>): V = enterAndRun { task.call() }

    // The three forms above share this body, inlined, so no form allocates a function object.
    private inline fun <R> enterAndRun(block: () -> R): R {
        val existing = Execution.currentCell()
        if (!ENTER.compareAndSet(this, null, existing ?: this)) {
            throw IllegalStateException(
                "Cannot enter $this: it is already entered (on this or another thread); " +
                    "run a copy() of it instead",
            )
        }
        try {
            return Execution.runIn(existing, this, block)
        } finally {
            enteredBy = null
        }
    }

    /**
     * A new context with the same values, in O(1): the two share storage until one of them is written.
     *
     * ```kotlin
     * val a = copyContext()
     * val b = a.copy()
     * b.run { user.set("carol") }   // a is unchanged
     * ```
     */
    public fun copy(): Context = Execution.contextOf(vars)

    /**
     * A [Runnable] that runs [task] in a fresh copy of this context on every call, so calls never
     * see each other's writes.
     *
     * ```kotlin
     * executor.execute(copyContext().wrap(Runnable { log(user.get()) }))
     * ```
     */
    public fun wrap(task: Runnable): Runnable = Runnable {
        // A fresh copy that no other code can reach: entering it needs no guard.
        Execution.runInCopy(vars) { task.run() }
    }

    /**
     * A [Callable] that calls [task] in a fresh copy of this context on every call; its exceptions
     * propagate unchanged. From Kotlin, name the type: `ctx.wrap(Callable { 42 })`.
     *
     * ```kotlin
     * val answer = executor.submit(copyContext().wrap(Callable { user.get() })).get()
     * ```
     */
    public fun <V> wrap(task: Callable<V>): Callable<V> = Callable { Execution.runInCopy(vars) { task.call() } }

    override val size: Int get() = vars.size

    override fun isEmpty(): Boolean = vars.isEmpty()

    override fun containsKey(key: ContextVar<*>): Boolean = vars.containsKey(key)

    override fun containsValue(value: Any?): Boolean = snapshot().containsValue(value)

    override fun get(key: ContextVar<*>): Any? = vars.get(key).takeUnless { it === Absent }

    override val keys: Set<ContextVar<*>> get() = snapshot().keys

    override val values: Collection<Any?> get() = snapshot().values

    override val entries: Set<Map.Entry<ContextVar<*>, Any?>> get() = snapshot().entries

    private fun snapshot(): Map<ContextVar<*>, Any?> = buildMap { vars.forEach { k, v -> put(k, v) } }

    override fun equals(other: Any?): Boolean {
        if (this === other) return true
        if (other !is Map<*, *> || other.size != size) return false
        var equal = true
        vars.forEach { k, v -> if (equal && (other[k] != v || (v == null && !other.containsKey(k)))) equal = false }
        return equal
    }

    override fun hashCode(): Int {
        var h = 0
        vars.forEach { k, v -> h += k.hashCode() xor v.hashCode() }
        return h
    }

    override fun toString(): String = snapshot().entries.joinToString(", ", "Context{", "}") { "${it.key.name}=${it.value}" }

    private companion object {
        private val ENTER = ReferenceFieldCas(Context::class.java, "enteredBy")
    }
}
