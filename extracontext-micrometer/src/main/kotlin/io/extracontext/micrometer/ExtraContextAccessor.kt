package io.extracontext.micrometer

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.spi.Integrations
import io.micrometer.context.ThreadLocalAccessor

/**
 * Micrometer's view of the whole extracontext [Context]: one `ThreadLocalAccessor` carries every
 * `ContextVar` and every native `ContextLocal` attribute through `ContextSnapshot`, Micrometer's
 * `ContextExecutorService`, Spring's `ContextPropagatingTaskDecorator` and Reactor's automatic
 * context propagation.
 *
 * It is registered through `META-INF/services`, so `ContextRegistry.getInstance()` has it with no
 * code; from Java, [KEY] is `ExtraContextAccessor.KEY`.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 * requestId.withValue("r-1") {
 *     val snapshot = ContextSnapshotFactory.builder().build().captureAll()   // O(1) for our part
 *     pool.execute(snapshot.wrap(Runnable { check(requestId.get() == "r-1") }))
 * }
 * // Reactor: put a context under the key, or let contextCapture() take the current one
 * Mono.fromCallable { requestId.get() }.contextWrite { it.put(ExtraContextAccessor.KEY, copyContext()) }
 * ```
 *
 * Semantics:
 * - [getValue] is an O(1) snapshot of the current context, never `null`: an empty context is
 *   captured too, so a snapshot taken where nothing is set installs the empty context on the
 *   worker instead of leaving it whatever an earlier task left (context-propagation#67, #74).
 * - [setValue] runs the scope in a fresh copy of the value: writes inside the scope stay there.
 *   [setValue] with no argument (Micrometer's `clearMissing`) runs it in the empty root context.
 * - [restore] puts back exactly the execution that was current before the matching `setValue`: the
 *   same cell and context object, so a `Token` made before the scope still resets after it.
 *   Scopes closed out of order follow the core's rules: closing an outer scope ends the scopes
 *   opened inside it, a later close of one of those changes nothing, and no chain of dead
 *   contexts stays on the thread (micrometer-tracing#1544).
 *
 * Thread-safety: stateless; the bookkeeping of open scopes is per thread.
 */
public class ExtraContextAccessor : ThreadLocalAccessor<Context> {

    init {
        // A coroutine-misuse report names the application's call, not this accessor or Micrometer.
        Integrations.registerLayer(ExtraContextAccessor::class.java, "io.micrometer.")
    }

    /**
     * The key under which snapshots and Reactor contexts hold our context: [KEY].
     *
     * ```kotlin
     * ExtraContextAccessor().key()   // "io.extracontext"
     * ```
     */
    override fun key(): Any = KEY

    /**
     * A snapshot of the current context, in O(1) (one small object). Never `null`.
     *
     * ```kotlin
     * val ctx: Context = ExtraContextAccessor().value
     * ```
     */
    override fun getValue(): Context = OpenScopes.read()

    /**
     * Makes a fresh copy of [value] current on this thread until the matching [restore].
     *
     * ```kotlin
     * accessor.setValue(captured); try { work() } finally { accessor.restore(previous) }
     * ```
     */
    override fun setValue(value: Context): Unit = OpenScopes.open(ContextCell.startingFrom(value))

    /**
     * Makes the empty root context current until the matching [restore]: what Micrometer calls for
     * a snapshot without our key when `clearMissing` is on.
     *
     * ```kotlin
     * accessor.setValue(); try { work() } finally { accessor.restore(previous) }
     * ```
     */
    override fun setValue(): Unit = OpenScopes.open(null)

    /**
     * Puts back the execution that was current when [previousValue] was read by [getValue] before
     * a [setValue], and ends every scope opened after it. A value of a scope already ended with an
     * enclosing one changes nothing.
     *
     * ```kotlin
     * val previous = accessor.value
     * accessor.setValue(captured)
     * try { work() } finally { accessor.restore(previous) }
     * ```
     */
    override fun restore(previousValue: Context): Unit = OpenScopes.close(previousValue)

    /**
     * Micrometer calls this only when [getValue] returned `null`, which this accessor never does:
     * a direct call ends every scope this accessor opened on the thread and installs the empty root.
     *
     * ```kotlin
     * accessor.restore()
     * ```
     */
    override fun restore(): Unit = OpenScopes.closeAll()

    /**
     * The pre-1.0.3 name of [setValue] with no argument, still called by old Reactor code paths.
     *
     * ```kotlin
     * accessor.reset()   // same as accessor.setValue()
     * ```
     */
    @Deprecated("Micrometer replaced reset() by setValue() and restore() (context-propagation#103)", ReplaceWith("setValue()"))
    override fun reset(): Unit = setValue()

    override fun toString(): String = "ExtraContextAccessor(key=$KEY)"

    /** Holds [KEY]; from Java, `ExtraContextAccessor.KEY`. */
    public companion object {
        /**
         * The accessor's key in Micrometer snapshots and in Reactor contexts.
         *
         * ```kotlin
         * Mono.just(1).contextWrite(reactor.util.context.Context.of(ExtraContextAccessor.KEY, copyContext()))
         * ```
         */
        public const val KEY: String = "io.extracontext"
    }
}
