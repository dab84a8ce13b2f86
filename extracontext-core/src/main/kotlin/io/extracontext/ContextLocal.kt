package io.extracontext

import io.extracontext.jvm.Counter
import io.extracontext.namespace.Deleted
import io.extracontext.namespace.NamespaceStore
import io.extracontext.namespace.nativebackend.NativeIsolation
import io.extracontext.namespace.nativebackend.NativeStore
import io.extracontext.namespace.purebackend.PureStore
import io.extracontext.pmap.Absent
import java.util.concurrent.Callable
import kotlin.reflect.KProperty

/**
 * A namespace of context-local attributes: Python's `extracontext.ContextLocal`.
 *
 * An attribute set in one thread, coroutine, isolated sequence or pooled task is invisible to the
 * others. Create the namespace once (a top-level `val` or an `object`) and use it everywhere:
 *
 * ```kotlin
 * object Request : ContextLocal() {
 *     var user: String by this          // property access
 * }
 * val ctx = ContextLocal()
 * ctx.setAttribute("color", "red")      // access by name
 *
 * ctx.run { ctx.setAttribute("color", "blue") }    // isolated: the caller still sees "red"
 * ctx.enter().use { /* the same, as a block */ }
 * ```
 *
 * Isolation ([run], [wrap], [enter], [sequence], [isolate]) lets the isolated code see every value
 * the caller had, and keeps what it writes or deletes from the caller, also when it throws. With
 * [Backend.NATIVE] isolation copies the whole context: every namespace and every [ContextVar].
 *
 * @sample io.extracontext.examples.samples.contextLocalSample
 */
public open class ContextLocal @JvmOverloads constructor(
    /** Where the attributes live; see [Backend]. */
    public val backend: Backend = Backend.NATIVE,
) {
    private val store: NamespaceStore = when (backend) {
        // The label names the variable behind the namespace, so a printed `Context` says whose entry is whose.
        Backend.NATIVE -> NativeStore("${this::class.simpleName ?: "ContextLocal"}#${namespaceLabels.next()}")
        Backend.PURE -> PureStore()
    }

    /** A default for [name] when nothing is set in any scope, or `Absent`: `ContextMap`'s initial entries. */
    @JvmSynthetic
    internal open fun defaultOf(name: String): Any? = Absent

    @JvmSynthetic
    internal open fun defaultNames(): Set<String> = emptySet()

    /** The visible value of [name], or `Absent`. */
    @JvmSynthetic
    internal fun lookup(name: String): Any? {
        val value = store.get(name)
        return when {
            value === Deleted -> Absent
            value === Absent -> defaultOf(name)
            else -> value
        }
    }

    /** Visible attributes in name order. */
    @JvmSynthetic
    internal fun visibleEntries(): List<Pair<String, Any?>> {
        val entries = store.visible()
        val names = (entries.keys + defaultNames()).sorted()
        return names.mapNotNull { name ->
            val value = entries[name] ?: if (entries.containsKey(name)) null else defaultOf(name)
            if (value === Deleted || value === Absent) null else name to value
        }
    }

    /**
     * The attribute [name] in the current context: Python's `ctx.name`.
     *
     * ```kotlin
     * val user = ctx.getAttribute("user") as String
     * ```
     *
     * @throws NoSuchElementException `Attribute not set: name` when it is not set here.
     */
    public fun getAttribute(name: String): Any? {
        val value = lookup(name)
        if (value === Absent) throw NoSuchElementException("Attribute not set: $name")
        return value
    }

    /**
     * The attribute [name], or [default] when it is not set: Python's `getattr(ctx, name, default)`.
     *
     * ```kotlin
     * val color = ctx.getAttribute("color", "black")
     * ```
     */
    public fun getAttribute(name: String, default: Any?): Any? {
        val value = lookup(name)
        return if (value === Absent) default else value
    }

    /**
     * Sets the attribute [name] in the current context only: Python's `ctx.name = value`.
     *
     * ```kotlin
     * ctx.setAttribute("user", "alice")
     * ```
     */
    public fun setAttribute(name: String, value: Any?) {
        store.put(name, value)
    }

    /**
     * Deletes the attribute [name] in the current context: Python's `del ctx.name`. An outer
     * scope's value does not show through again here; the outer scope keeps it.
     *
     * ```kotlin
     * ctx.run { ctx.deleteAttribute("user") }
     * ```
     *
     * @throws NoSuchElementException `Attribute not set: name` when it is not set here.
     */
    public fun deleteAttribute(name: String) {
        if (lookup(name) === Absent) throw NoSuchElementException("Attribute not set: $name")
        store.put(name, Deleted)
    }

    /**
     * Whether [name] is set in the current context: Python's `hasattr(ctx, name)`.
     *
     * ```kotlin
     * if (!ctx.hasAttribute("user")) ctx.setAttribute("user", "guest")
     * ```
     */
    public fun hasAttribute(name: String): Boolean = lookup(name) !== Absent

    /**
     * The names set in the current context, sorted: Python's `dir(ctx)`. Never throws; empty on a
     * fresh thread.
     *
     * ```kotlin
     * ctx.attributeNames()   // [color, user]
     * ```
     */
    public fun attributeNames(): Set<String> = visibleEntries().mapTo(LinkedHashSet()) { it.first }

    /**
     * Reads a delegated property from this namespace: `var user: String by ctx`. The attribute's
     * name is the property's name.
     *
     * ```kotlin
     * var user: String by ctx
     * ```
     *
     * @throws NoSuchElementException when the attribute is not set.
     */
    @JvmSynthetic
    @Suppress("UNCHECKED_CAST")
    public operator fun <T> getValue(thisRef: Any?, property: KProperty<*>): T = getAttribute(property.name) as T

    /**
     * Writes a delegated property to this namespace: `user = "alice"` sets the attribute `user`.
     *
     * ```kotlin
     * var user: String by ctx
     * user = "alice"
     * ```
     */
    @JvmSynthetic
    public operator fun <T> setValue(thisRef: Any?, property: KProperty<*>, value: T) {
        setAttribute(property.name, value)
    }

    /**
     * Runs [block] in an isolated copy of the context and returns its result: Python's `@ctx`
     * decorator applied to one call. Not `inline`, so a suspend call inside does not compile: use
     * `withContext(ctx.element())` in coroutines. Kotlin only; Java calls [run] with a `Runnable`,
     * or [call].
     *
     * ```kotlin
     * ctx.setAttribute("value", 1)
     * ctx.run { ctx.setAttribute("value", 2) }
     * ctx.getAttribute("value")   // 1
     * ```
     */
    @JvmSynthetic
    public fun <R> run(block: () -> R): R = store.runIsolated(block)

    /**
     * Runs [task] in an isolated copy of the context: the Java form of `run { }`.
     *
     * ```java
     * ctx.run(() -> ctx.setAttribute("value", 2));   // the caller's "value" is unchanged
     * ```
     */
    public fun run(task: Runnable): Unit = isolated { task.run() }

    /**
     * Calls [task] in an isolated copy of the context and returns its result; its exceptions,
     * checked ones included, propagate unchanged.
     *
     * ```java
     * String user = ctx.call(() -> { ctx.setAttribute("user", "bob"); return (String) ctx.getAttribute("user"); });
     * ```
     */
    @Throws(Exception::class)
    public fun <V> call(task: Callable<V>): V = isolated { task.call() }

    // The Java forms wrap their task in a function; for the native backend that function is
    // inlined here instead, so they allocate nothing either. The Kotlin form passes its block through.
    private inline fun <R> isolated(crossinline block: () -> R): R {
        val store = store
        return if (store is NativeStore) NativeIsolation.runIsolated { block() } else store.runIsolated { block() }
    }

    /**
     * Python's `@ctx` decorator: a function that runs every call of [fn] in an isolated copy of the
     * caller's context at that call. For functions with arguments see the `wrap` extensions.
     *
     * ```kotlin
     * val isolated = ctx.wrap { ctx.setAttribute("value", 2) }
     * isolated()
     * ```
     */
    @JvmSynthetic
    public fun <R> wrap(fn: () -> R): () -> R = { run(fn) }

    /**
     * Python's `with ctx:`: isolated until the returned [Scope] is closed. Scopes nest and
     * interleave across namespaces.
     *
     * ```kotlin
     * ctx.enter().use { ctx.setAttribute("value", 2) }
     * // Java: try (Scope s = ctx.enter()) { ... }
     * ```
     */
    public fun enter(): Scope = store.enter()

    /**
     * A sequence whose every iterator runs [block] in its own copy of the context, taken when
     * `iterator()` is called: Python's `@ctx` on a generator function. The caller's values are back
     * after every step, and interleaved iterators never see each other's writes.
     *
     * ```kotlin
     * val numbers = ctx.sequence { ctx.setAttribute("n", 1); yield(ctx.getAttribute("n")) }
     * ```
     */
    @JvmSynthetic
    public fun <T> sequence(block: suspend SequenceScope<T>.() -> Unit): Sequence<T> = isolate(kotlin.sequences.sequence(block))

    /**
     * The same elements as [sequence], each iterator isolated as with [ContextLocal.sequence].
     *
     * ```kotlin
     * val isolated = ctx.isolate(generateSequence(1) { it + 1 })
     * ```
     */
    @JvmSynthetic
    public fun <T> isolate(sequence: Sequence<T>): Sequence<T> = Sequence { store.isolatedIterator(sequence::iterator) }

    /**
     * [iterator], with every step run in a copy of the context taken now.
     *
     * ```kotlin
     * val steps = ctx.isolate(listOf(1, 2, 3).iterator())
     * ```
     */
    public fun <T> isolate(iterator: Iterator<T>): Iterator<T> = store.isolatedIterator { iterator }

    override fun toString(): String = "${this::class.simpleName ?: "ContextLocal"}(backend=$backend)"
}

private val namespaceLabels = Counter()

/**
 * Python's `@ctx` decorator for a function of one argument: every call runs isolated.
 *
 * ```kotlin
 * val handle = ctx.wrap { id: Int -> ctx.setAttribute("id", id); id * 2 }
 * handle(21)   // 42; the caller's "id" is untouched
 * ```
 */
@JvmSynthetic
public fun <A, R> ContextLocal.wrap(fn: (A) -> R): (A) -> R = { a -> run { fn(a) } }

/**
 * Python's `@ctx` decorator for a function of two arguments: every call runs isolated.
 *
 * ```kotlin
 * val add = ctx.wrap { a: Int, b: Int -> a + b }
 * ```
 */
@JvmSynthetic
public fun <A, B, R> ContextLocal.wrap(fn: (A, B) -> R): (A, B) -> R = { a, b -> run { fn(a, b) } }
