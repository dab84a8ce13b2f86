package io.extracontext.opentelemetry

import io.extracontext.ContextVar
import io.extracontext.Token
import io.extracontext.spi.Integrations
import io.extracontext.spi.ScopeChain
import io.extracontext.spi.Variables
import io.opentelemetry.context.Context
import io.opentelemetry.context.ContextStorage
import io.opentelemetry.context.ContextStorageProvider
import io.opentelemetry.context.Scope
import java.util.logging.Level

/**
 * Keeps OpenTelemetry's current [Context] in extracontext's current context, so that spans and
 * baggage made current follow everything our variables follow: coroutines with a `ContextElement`
 * (across suspensions and dispatchers), isolated sequences and flows (per instance),
 * `ContextPreservingExecutor` tasks and the Java facade's `supplyAsync`.
 *
 * Registered in `META-INF/services/io.opentelemetry.context.ContextStorageProvider`: OpenTelemetry
 * picks it when it is the only provider on the class path, or when told to by
 * `-Dio.opentelemetry.context.contextStorageProvider=io.extracontext.opentelemetry.ExtraContextStorageProvider`.
 * OpenTelemetry chooses its storage once per JVM, at the first use of `Context.current()`.
 *
 * ```kotlin
 * // nothing to call: with this module on the class path,
 * span.makeCurrent().use {
 *     withContext(Dispatchers.IO + ContextElement()) { Span.current() }   // the same span
 * }
 * ```
 *
 * Scope rules (OpenTelemetry's `Scope.close()` never throws, so these never do either):
 * - closing the innermost scope restores exactly the context from before it;
 * - closing a scope out of order restores the context from before it and closes the scopes opened
 *   inside it (their later `close()` does nothing), so nothing stays pinned on the thread;
 * - closing a scope that is not open in the current extracontext context (another thread, after an
 *   outer scope was closed, a second `close()`) changes nothing.
 * Misuse is logged once at `FINE` by the logger `io.extracontext.opentelemetry`.
 *
 * Under the OpenTelemetry Java agent, which puts its own storage over this one, the context is still
 * kept in ours: a wrapper registered when OpenTelemetry asks this provider keeps the agent's
 * storage in step (its instrumentations read that one), and [check] tells which storage is in effect.
 */
public class ExtraContextStorageProvider : ContextStorageProvider {
    /**
     * The storage that OpenTelemetry's `Context.current()` and `makeCurrent()` use.
     *
     * ```kotlin
     * ExtraContextStorageProvider().get().current()   // null at the root
     * ```
     */
    override fun get(): ContextStorage {
        // OpenTelemetry asks for the storage, then applies the registered wrappers: a wrapper added
        // now still counts. Under the Java agent the agent's storage is put over ours; the wrapper
        // then keeps OpenTelemetry's context in ours and the agent's storage in step. Only then:
        // when an application selects this storage from a wrapper of its own
        // (`ContextStorage.addWrapper { ExtraContextStorageProvider().get() }`), this runs while
        // OpenTelemetry iterates its wrappers, and adding one there fails its initialisation
        // (ConcurrentModificationException in LazyStorage, opentelemetry-java 1.66).
        if (StorageCheck.underAgent) ForeignStorageBridge.register()
        return ExtraContextStorage
    }

    /** The check of which storage is in effect; from Java, `ExtraContextStorageProvider.check()`. */
    public companion object {
        /**
         * Whether OpenTelemetry's current context is kept in extracontext's (by this provider, also
         * under the Java agent). The first call logs, on the `java.util.logging` logger
         * `io.extracontext.opentelemetry`, one `WARNING` naming the storage in effect and the fix
         * when it is not, or one `FINE` line when it is; later calls only return the answer. The
         * first use of a [ContextVarPropagator] runs it too. Call it at startup to hear early.
         *
         * ```kotlin
         * if (!ExtraContextStorageProvider.check()) println("spans will not follow our context")
         * ```
         */
        @JvmStatic
        public fun check(): Boolean = StorageCheck.checkOnce()
    }
}

/**
 * One OpenTelemetry context made current, and the scope that undoes it (one object: one allocation
 * less per `makeCurrent()`). The chain of open ones lets a misplaced close find its place.
 */
internal open class Frame(
    @JvmField val otel: Context,
    @JvmField val parent: Frame?,
    @JvmField val valueTokens: Array<Token<Any?>>?,
) : Scope {
    @get:JvmSynthetic @set:JvmSynthetic
    var closed: Boolean = false
    private var token: Token<Frame?>? = null

    fun enter(): Frame {
        token = ExtraContextStorage.holder.set(this)
        return this
    }

    /** Undoes what was made current elsewhere with this frame (the other storage's scope, under the Java agent). */
    protected open fun closeElsewhere() {}

    override fun close() {
        if (closed) return
        // The token's reset restores the context from before this scope; it is refused where the
        // scope is not open: another thread, a context copied from the one it was opened in, or after
        // an enclosing scope was closed. The context it was opened in still gets it back when the
        // scope is closed there.
        val top = Variables.readForWrite(ExtraContextStorage.holder)
        if (!(top === this || ScopeChain.contains(top, this) { it.parent }) || !CarriedValues.resetQuietly(token!!)) {
            ExtraContextStorage.notOpen.report("scope of $otel")
            return
        }
        if (top !== this) {
            // Restored by the reset; the scopes opened inside it are closed with it, innermost first.
            val inner = ScopeChain.unwind(
                top = top,
                mine = this,
                parentOf = { it.parent },
                unlink = { frame ->
                    frame.closed = true
                    CarriedValues.exit(frame.valueTokens)
                },
                restore = {},
            )
            if (inner > 0) ExtraContextStorage.outOfOrder.report("scope of $otel")
        }
        closed = true
        closeElsewhere()
        CarriedValues.exit(valueTokens)
    }

    override fun toString(): String = "ExtraContextStorage.Scope($otel)"
}

internal object ExtraContextStorage : ContextStorage {
    init {
        // A coroutine-misuse report names the application's makeCurrent(), not this storage or OpenTelemetry.
        Integrations.registerLayer(ExtraContextStorage::class.java, "io.opentelemetry.")
    }

    // The one variable that holds OpenTelemetry's current context; null is the root.
    @get:JvmSynthetic val holder = ContextVar<Frame?>("io.opentelemetry.context.Context", null)

    @get:JvmSynthetic val outOfOrder = OnceLog(Level.FINE, "extracontext-opentelemetry: an OpenTelemetry Scope was closed out of order; the context from before it was restored and the scopes opened inside it were closed with it")

    @get:JvmSynthetic val notOpen = OnceLog(Level.FINE, "extracontext-opentelemetry: an OpenTelemetry Scope was closed where it is not open (another thread or context, or after an enclosing scope); nothing was changed")

    override fun current(): Context? = holder.get()?.otel

    override fun attach(toAttach: Context?): Scope {
        if (toAttach == null) return Scope.noop()
        val before = Variables.readForWrite(holder)
        // Attaching what is already current does nothing, as in OpenTelemetry's own storage; the
        // root over the root writes nothing either (no slot written on a pooled thread for it).
        if (if (before == null) toAttach === Context.root() else before.otel === toAttach) return Scope.noop()
        return Frame(toAttach, before, CarriedValues.enterOver(toAttach, before?.otel)).enter()
    }
}
