package io.extracontext.opentelemetry

import io.extracontext.SwitchObserver
import io.extracontext.Token
import io.extracontext.spi.Executions
import io.extracontext.spi.Variables
import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.Context
import io.opentelemetry.context.ContextKey
import io.opentelemetry.context.ContextStorage
import io.opentelemetry.context.Scope
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Function
import java.util.logging.Level

/**
 * OpenTelemetry's context kept in ours when another storage was put over ours: the Java agent
 * instruments OpenTelemetry's `ContextStorageWrappers` and puts its `AgentContextStorage` over
 * whatever the provider gave (it then asks ours only for `root()`, see
 * open-telemetry/opentelemetry-java-instrumentation#7344). Wrappers the application adds before the
 * storage is first used are applied over the agent's storage, so this one is registered from
 * [ExtraContextStorageProvider.get], which OpenTelemetry calls just before it applies the wrappers.
 */
internal object ForeignStorageBridge : Function<ContextStorage, ContextStorage> {
    private val registered = AtomicBoolean()

    /**
     * The key under which a context attached to the other storage by us records what that storage
     * held before: a read outside the extracontext context that attached it (a scope left open in
     * a pool task, an isolated iterator, a block) finds it and looks past it.
     */
    @get:JvmSynthetic
    val MARK: ContextKey<Mark> = ContextKey.named("io.extracontext.opentelemetry.attached")

    class Mark(@JvmField val before: Context?)

    @JvmSynthetic
    fun register() {
        if (!registered.compareAndSet(false, true)) return
        try {
            ContextStorage.addWrapper(this)
        } catch (e: IllegalStateException) {
            // Too late: the storage was chosen already (only possible if something else created it).
            LOG.log(Level.FINE, "extracontext-opentelemetry: OpenTelemetry's storage was chosen before our wrapper could be added: $e")
        }
    }

    override fun apply(storage: ContextStorage): ContextStorage {
        if (storage === ExtraContextStorage || StorageCheck.keepsInOurs(storage)) return storage
        LOG.log(Level.FINE, "extracontext-opentelemetry: OpenTelemetry's context is kept in extracontext's, over ${storage.javaClass.name} (kept in step)")
        return Bridged(storage).also { Executions.observeSwitches(it) }
    }

    /**
     * Our storage over [delegate]: what is made current lives in the current extracontext context and
     * is attached to [delegate] too, so that the agent's own instrumentations see it where it was made
     * current. Told of every switch of our context ([SwitchObserver]), it keeps [delegate] in step
     * there too: a snapshot run on another thread, an iterator's step, a pool task, a coroutine's
     * resume make their own OpenTelemetry context current in [delegate], and the switch back puts back
     * exactly what [delegate] held before.
     */
    class Bridged(@JvmField val delegate: ContextStorage) : ContextStorage, SwitchObserver {
        override fun current(): Context? {
            val f = ExtraContextStorage.holder.get()
            val other = delegate.current()
            // Kept in step at every attach and every switch, the other storage holds what was made
            // current last on this thread: what we attached for the frame current here (marked with
            // its mark), or what the agent made current since, inside it (a server span and its
            // baggage, a context its executor instrumentation carried, a span of a @WithSpan method
            // made over ours). Only the first is answered from our frame, which holds it exactly.
            if (f == null || other == null) return other ?: f?.otel
            val ours = other.get(MARK) === (f as? ForeignFrame)?.mark && Span.fromContext(other).spanContext == Span.fromContext(f.otel).spanContext
            return if (ours) f.otel else other
        }

        override fun attach(toAttach: Context?): Scope {
            if (toAttach == null) return Scope.noop()
            val before = Variables.readForWrite(ExtraContextStorage.holder)
            if (before != null && before.otel === toAttach) return Scope.noop()
            val mark = Mark(delegate.current())
            val attached = toAttach.with(MARK, mark)
            val foreign = delegate.attach(attached)
            Mirror.opened(foreign)
            return ForeignFrame(toAttach, before, CarriedValues.enterOver(toAttach, before?.otel), this, foreign, mark, attached).enter()
        }

        override fun root(): Context = delegate.root()

        override fun switchedIn() {
            Mirror.levelOpened()
            bringInStep()
        }

        override fun switchedBack() = Mirror.levelClosed()

        /**
         * Makes [delegate] hold what is current in our context now, if it does not already: the frame
         * current here (the agent's own spans made over it are kept), or, where our context has none,
         * what [delegate] held outside every context of ours. The scope is kept in this thread's
         * mirror and closed with the level.
         */
        fun bringInStep() {
            try {
                val f = ExtraContextStorage.holder.get()
                val other = delegate.current()
                val target = if (f is ForeignFrame) {
                    if (other?.get(MARK) === f.mark) return
                    f.attached
                } else {
                    if (other?.get(MARK) == null) return
                    outsideOurs(other) ?: delegate.root()
                }
                Mirror.opened(delegate.attach(target))
            } catch (e: RuntimeException) {
                // The other storage must never break a switch of ours; the scope then stays as it was.
                notInStep.report(e.toString())
            }
        }

        override fun toString(): String = "ExtraContextStorage over $delegate"
    }

    /** What [other] holds outside every context of ours: past each context we attached there. */
    private fun outsideOurs(other: Context?): Context? {
        var c = other
        while (c != null) {
            val mark = c.get(MARK) ?: return c
            c = mark.before
        }
        return null
    }

    private val notInStep = OnceLog(Level.WARNING, "extracontext-opentelemetry: the OpenTelemetry Java agent's storage could not be brought in step with extracontext's context at a switch; its instrumentations may take a wrong parent span there")

    /**
     * A frame also attached to the other storage: [foreign] is that storage's scope, [mark] tells its
     * contexts apart, [attached] is what was attached (attached again where a switch brings the other
     * storage in step).
     */
    class ForeignFrame(
        otel: Context,
        parent: Frame?,
        valueTokens: Array<Token<Any?>>?,
        private val bridge: Bridged,
        @JvmField val foreign: Scope,
        @JvmField val mark: Mark,
        @JvmField val attached: Context,
    ) : Frame(otel, parent, valueTokens) {
        override fun closeElsewhere() {
            // Where a switch since closed the scope (a coroutine suspended inside it), what is current
            // here now is brought in step instead.
            if (!Mirror.close(foreign)) bridge.bringInStep()
        }
    }
}

/**
 * What this thread made current in the other storage, in order: the scopes of frames attached here
 * and the ones that brought it in step at a switch, with a marker where each switch began. The
 * other storage (OpenTelemetry's thread-local storage in the agent) restores exactly what it held
 * before a scope only when its scopes are closed innermost first; this list is what lets a switch
 * back, or a scope closed out of order, do so.
 */
private object Mirror {
    private val LEVEL = Any()

    private val scopes = ThreadLocal.withInitial { ArrayList<Any>() }

    fun opened(scope: Scope) {
        scopes.get().add(scope)
    }

    fun levelOpened() {
        scopes.get().add(LEVEL)
    }

    /** Closes what the innermost level holds, innermost first, and the level. */
    fun levelClosed() {
        val list = scopes.get()
        val level = list.lastIndexOf(LEVEL)
        if (level < 0) return
        closeFrom(list, level + 1)
        list.removeAt(level)
    }

    /** Closes [scope] and what was opened after it in the same level; false if the level does not hold it. */
    fun close(scope: Scope): Boolean {
        val list = scopes.get()
        for (i in list.size - 1 downTo 0) {
            val entry = list[i]
            if (entry === LEVEL) return false
            if (entry === scope) {
                closeFrom(list, i)
                return true
            }
        }
        return false
    }

    private fun closeFrom(list: ArrayList<Any>, from: Int) {
        for (i in list.size - 1 downTo from) {
            val scope = list.removeAt(i) as Scope
            try {
                scope.close()
            } catch (e: RuntimeException) {
                LOG.log(Level.FINE, "extracontext-opentelemetry: closing a scope of the other storage failed: $e")
            }
        }
    }
}
