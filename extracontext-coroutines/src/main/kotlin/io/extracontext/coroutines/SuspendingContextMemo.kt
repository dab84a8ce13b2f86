package io.extracontext.coroutines

import io.extracontext.ContextMemo
import io.extracontext.ContextVar
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.cancellation.CancellationException

/**
 * A suspending function whose results are cached in the current coroutine's context: per request,
 * never across requests. The suspending form of [ContextMemo], with the same rules for where the
 * cache lives (the first call in a context creates it there; [withCache] scopes one to a block;
 * child coroutines launched after that share it).
 *
 * ```kotlin
 * val profile = SuspendingContextMemo("profile") { id: String -> http.get("/users/$id") }
 *
 * runBlocking(ContextElement()) {
 *     profile.withCache {                                   // this request's cache
 *         val a = async { profile("u-1") }                  // both ask at once:
 *         val b = async { profile("u-1") }                  // one request to the backend
 *         a.await() == b.await()
 *     }
 * }
 * ```
 *
 * - Each key is computed once per cache, also when several coroutines ask at the same time: the
 *   first one computes in its own coroutine (and context), the others wait for its result.
 * - A computation that throws is not cached: the coroutines waiting for it get the same exception,
 *   and the next call computes again.
 * - Cancellation: a waiting coroutine that is cancelled stops waiting and changes nothing. When
 *   the computing coroutine is cancelled, its computation is dropped and one of the waiting
 *   coroutines computes again.
 *
 * The cache is a value of the coroutine's context, so the calling coroutine needs a
 * [ContextElement] (`runBlocking(ContextElement())`, a scope with one): without it the cache would
 * land in whatever context the dispatcher's thread has.
 *
 * @param name names the cache's variable in messages and in a printed context.
 * @param compute the function; it runs in the calling coroutine.
 */
public class SuspendingContextMemo<K, V>(
    public val name: String,
    private val compute: suspend (K) -> V,
) {
    private val cache = ContextVar<Results?>(name, null)

    /** One context's results: one deferred per key, completed by the coroutine that computes it. */
    private class Results {
        val deferreds = ConcurrentHashMap<Any, CompletableDeferred<Any?>>()
    }

    /** Keys may be null; the map's may not. */
    private object NullKey

    /**
     * The cached result for [key] in the current coroutine's context, computed on the first call.
     *
     * ```kotlin
     * val user = profile("u-1")
     * ```
     *
     * @throws IllegalStateException when the calling coroutine has no [ContextElement].
     */
    @Suppress("UNCHECKED_CAST")
    @JvmSynthetic
    public suspend operator fun invoke(key: K): V {
        requireElement()
        // Set without a token on purpose: the cache belongs to the coroutine's current context now.
        val results = cache.get() ?: Results().also { cache.set(it) }
        val k: Any = key ?: NullKey
        while (true) {
            val existing = results.deferreds[k]
            if (existing != null) {
                try {
                    return existing.await() as V
                } catch (e: CancellationException) {
                    currentCoroutineContext().ensureActive() // our own cancellation: propagate it
                    continue // the computing coroutine was cancelled: compute again
                }
            }
            val mine = CompletableDeferred<Any?>()
            if (results.deferreds.putIfAbsent(k, mine) != null) continue
            try {
                val value = compute(key)
                mine.complete(value)
                return value
            } catch (e: Throwable) {
                // Not cached: removed before the waiters hear of it, so a retry finds no entry.
                results.deferreds.remove(k, mine)
                if (e is CancellationException) mine.cancel(e) else mine.completeExceptionally(e)
                throw e
            }
        }
    }

    /**
     * Whether [key] has a finished, successful result in the current coroutine's cache.
     *
     * ```kotlin
     * profile.isCached("u-1")
     * ```
     */
    public fun isCached(key: K): Boolean {
        val deferred = cache.get()?.deferreds?.get(key ?: NullKey) ?: return false
        return deferred.isCompleted && !deferred.isCancelled
    }

    /**
     * Runs [block] with a new, empty cache in the current coroutine's context, and removes it
     * afterwards: the coroutines [block] starts share that cache, nothing outside sees it.
     *
     * ```kotlin
     * profile.withCache { handle(request) }
     * ```
     *
     * @throws IllegalStateException when the calling coroutine has no [ContextElement].
     */
    @JvmSynthetic
    public suspend fun <R> withCache(block: suspend () -> R): R {
        requireElement()
        val token = cache.set(Results())
        try {
            return block()
        } finally {
            cache.reset(token)
        }
    }

    private suspend fun requireElement() {
        checkNotNull(currentCoroutineContext()[ContextElement]) {
            "SuspendingContextMemo '$name' needs a coroutine with a ContextElement (runBlocking(ContextElement()), " +
                "CoroutineScope(Dispatchers.Default + ContextElement())): its cache lives in the coroutine's context"
        }
    }

    override fun toString(): String = "SuspendingContextMemo($name)"
}
