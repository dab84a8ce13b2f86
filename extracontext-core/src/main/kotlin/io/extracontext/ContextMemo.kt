package io.extracontext

import io.extracontext.jvm.MemoCache
import java.util.concurrent.Callable
import java.util.function.Function

/**
 * A function whose results are cached in the current [Context]: per request, per task, per
 * coroutine, never across them: a per-context memoizer, safe to share between threads.
 *
 * ```kotlin
 * val price = ContextMemo("price") { sku: String -> catalog.lookup(sku) }
 *
 * fun handle(request: Request) = price.withCache {   // this request's cache, gone after it
 *     price("A-1")                                   // computed
 *     pool.submit(Callable { price("A-1") }).get()   // a task started here: the same cache, a hit
 * }
 * // Java: ContextMemo<String, Price> price = new ContextMemo<>("price", catalog::lookup);
 * //       price.apply("A-1");  price.withCache(() -> handle(request));
 * ```
 *
 * Where the cache lives:
 * - [withCache] runs a block with a new, empty cache in the current context and removes it
 *   afterwards: the way to scope a cache to a request.
 * - Otherwise the first call in a context that has no cache creates one *in the current context*.
 *   It is then shared with everything that later copies this context:
 *   isolated blocks (`ContextLocal.run`, `enter`, sequences), `ContextPreservingExecutor` tasks,
 *   child coroutines. It is not shared with copies taken before it existed, and a cache first
 *   created *inside* an isolated block, pool task or child coroutine belongs to that copy only and
 *   is gone when it ends; so open it where the request starts ([withCache], or one call there).
 * - Two requests never share a cache unless one is a copy of the other taken after its first use.
 *
 * The cache is a value in the context and nothing else holds it: when the context is gone, so are
 * the results. Calls from many threads on one cache compute each key once (a call for a key that
 * is being computed waits for it); a computation that throws is not cached, and the next call
 * computes again. `null` keys and results are allowed. A call that needs its own key while
 * computing it throws [IllegalStateException]; as with any lock, two computations on different
 * threads that each wait for the other's key would wait forever.
 *
 * @param name names the cache's variable in messages and in a printed [Context].
 * @param compute the function; it runs in the caller's context.
 */
public class ContextMemo<K, V>(
    public val name: String,
    private val compute: Function<in K, out V>,
) : Function<K, V> {

    private val cache = ContextVar<MemoCache?>(name, null)

    /**
     * The cached result for [key] in the current context, computed on the first call.
     *
     * ```kotlin
     * price("A-1")
     * ```
     */
    public operator fun invoke(key: K): V = apply(key)

    /**
     * The same as [invoke], for Java and for `Function` users.
     *
     * ```kotlin
     * listOf("A-1", "B-2").map(price::apply)
     * // Java: price.apply("A-1")
     * ```
     */
    @Suppress("UNCHECKED_CAST")
    override fun apply(key: K): V {
        // Set without a token on purpose: the cache belongs to the current context from now on.
        val memo = cache.get() ?: MemoCache(name).also { cache.set(it) }
        return memo.getOrCompute(key) { compute.apply(key) } as V
    }

    /**
     * Whether [key] has a result in the current context's cache.
     *
     * ```kotlin
     * price.isCached("A-1")
     * ```
     */
    public fun isCached(key: K): Boolean = cache.get()?.isCached(key) ?: false

    /**
     * Drops the result for [key] from the current context's cache (and so from every context
     * that shares it); the next call computes again. Answers whether there was one.
     *
     * ```kotlin
     * price.invalidate("A-1")
     * ```
     */
    public fun invalidate(key: K): Boolean = cache.get()?.invalidate(key) ?: false

    /**
     * Runs [block] with a new, empty cache in the current context, and removes it afterwards
     * (in a `finally`): everything [block] starts shares that cache, nothing outside sees it.
     * Hidden from Java, which calls the `Callable` form.
     *
     * ```kotlin
     * price.withCache { handle(request) }
     * ```
     */
    @JvmSynthetic
    public fun <R> withCache(block: () -> R): R = cache.withValue(MemoCache(name), block)

    /**
     * Java's [withCache]: calls [task] with a new, empty cache in the current context, removed
     * afterwards; rethrows what the task throws.
     *
     * ```kotlin
     * // Java: String page = price.withCache(() -> render(request));
     * ```
     */
    @Throws(Exception::class)
    public fun <R> withCache(task: Callable<R>): R = cache.withValue(MemoCache(name)) { task.call() }

    /**
     * Java's [withCache] for a task with no result.
     *
     * ```kotlin
     * // Java: price.withCache(() -> handle(request));
     * ```
     */
    public fun withCache(task: Runnable) {
        cache.withValue(MemoCache(name)) { task.run() }
    }

    override fun toString(): String = "ContextMemo($name)"
}
