package io.extracontext.opentelemetry

import io.extracontext.Token
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
        if (storage === ExtraContextStorage || reachesOurs(storage)) return storage
        LOG.log(Level.FINE, "extracontext-opentelemetry: OpenTelemetry's context is kept in extracontext's, over ${storage.javaClass.name} (kept in step)")
        return Bridged(storage)
    }

    /** Whether [storage] already keeps what is attached in ours (a wrapper over our storage). */
    private fun reachesOurs(storage: ContextStorage): Boolean = try {
        val probe = storage.root().with(PROBE, true)
        storage.attach(probe).use { ExtraContextStorage.holder.get()?.otel?.get(PROBE) == true }
    } catch (e: RuntimeException) {
        false
    }

    private val PROBE: ContextKey<Boolean> = ContextKey.named("io.extracontext.opentelemetry.probe")

    /**
     * Our storage over [delegate]: what is made current lives in the current extracontext context and
     * is attached to [delegate] too, so that the agent's own instrumentations see it where it was made
     * current.
     */
    class Bridged(@JvmField val delegate: ContextStorage) : ContextStorage {
        override fun current(): Context? {
            val f = ExtraContextStorage.holder.get()
            val other = delegate.current()
            if (f != null) {
                // What the other storage holds wins only when it was made over this very scope
                // (a span the agent made current inside it, e.g. for a @WithSpan method).
                if (other != null && other.get(MARK) === (f as? ForeignFrame)?.mark && Span.fromContext(other).spanContext != Span.fromContext(f.otel).spanContext) return other
                return f.otel
            }
            // Nothing made current in this extracontext context: what the other storage holds (a
            // server span the agent made current, a context its executor instrumentation carried),
            // except what we attached there for another context.
            var c = other
            while (c != null) {
                val mark = c.get(MARK) ?: return c
                c = mark.before
            }
            return null
        }

        override fun attach(toAttach: Context?): Scope {
            if (toAttach == null) return Scope.noop()
            val before = Variables.readForWrite(ExtraContextStorage.holder)
            if (before != null && before.otel === toAttach) return Scope.noop()
            val mark = Mark(delegate.current())
            val foreign = delegate.attach(toAttach.with(MARK, mark))
            val carried = toAttach.get(CarriedValues.KEY)
            val valueTokens = if (carried != null && carried !== before?.otel?.get(CarriedValues.KEY)) carried.enter() else null
            return ForeignFrame(toAttach, before, valueTokens, foreign, mark).enter()
        }

        override fun root(): Context = delegate.root()

        override fun toString(): String = "ExtraContextStorage over $delegate"
    }

    /** A frame also attached to the other storage: [foreign] is that storage's scope, [mark] tells its contexts apart. */
    class ForeignFrame(
        otel: Context,
        parent: Frame?,
        valueTokens: Array<Token<Any?>>?,
        @JvmField val foreign: Scope,
        @JvmField val mark: Mark,
    ) : Frame(otel, parent, valueTokens) {
        override fun closeElsewhere() = foreign.close()
    }
}
