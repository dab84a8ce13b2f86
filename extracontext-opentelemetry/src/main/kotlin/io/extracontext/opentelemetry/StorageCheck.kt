package io.extracontext.opentelemetry

import io.opentelemetry.context.ContextKey
import io.opentelemetry.context.ContextStorage
import java.util.Locale
import java.util.concurrent.atomic.AtomicBoolean
import java.util.logging.Level

/**
 * The first-use check: is OpenTelemetry's context kept in ours, and is the configuration one that
 * works where it runs (under the Java agent or not)? Logged once per JVM.
 */
internal object StorageCheck {
    private val done = AtomicBoolean()

    @Volatile private var result = false

    private val PROBE: ContextKey<Boolean> = ContextKey.named("io.extracontext.opentelemetry.check")

    const val STORAGE_PROPERTY: String = "io.opentelemetry.context.contextStorageProvider"

    /** Whether the agent's classes are on the boot class path, where `-javaagent` puts them. */
    @get:JvmSynthetic
    val underAgent: Boolean by lazy {
        try {
            Class.forName("io.opentelemetry.javaagent.bootstrap.AgentInitializer", false, null)
            true
        } catch (e: ClassNotFoundException) {
            false
        } catch (e: LinkageError) {
            false
        }
    }

    /** Whether what [storage] makes current is kept in ours (it is ours, or over ours): a probe attached and looked for. */
    @JvmSynthetic
    fun keepsInOurs(storage: ContextStorage): Boolean = try {
        val probe = storage.root().with(PROBE, true)
        storage.attach(probe).use { ExtraContextStorage.holder.get()?.otel?.get(PROBE) == true }
    } catch (e: RuntimeException) {
        false
    }

    @JvmSynthetic
    fun checkOnce(): Boolean {
        if (done.get() || !done.compareAndSet(false, true)) return result
        result = inEffect()
        return result
    }

    private fun inEffect(): Boolean {
        checkPropagatorsSetting()
        val storage = ContextStorage.get()
        val ours = keepsInOurs(storage)
        if (ours) {
            LOG.log(Level.FINE, "extracontext-opentelemetry: OpenTelemetry's context is kept in extracontext's (storage: $storage)")
        } else {
            LOG.log(
                Level.WARNING,
                "extracontext-opentelemetry: OpenTelemetry's context is NOT kept in extracontext's: the storage in effect is ${storage.javaClass.name}" +
                    (System.getProperty(STORAGE_PROPERTY)?.let { " (-D$STORAGE_PROPERTY=$it)" } ?: "") +
                    ". Spans made current will not follow ContextPreservingExecutor tasks, copyContext(), isolated blocks, iterators and flows. " +
                    "Fix: start the JVM with -D$STORAGE_PROPERTY=${ExtraContextStorageProvider::class.java.name} " +
                    "and let nothing touch OpenTelemetry's Context before it is chosen (it is chosen once per JVM).",
            )
        }
        return ours
    }

    /**
     * `extracontext` in `otel.propagators` is a name for the SDK's autoconfigure in the application;
     * the Java agent does not know it and does not start with it.
     */
    private fun checkPropagatorsSetting() {
        val setting = System.getProperty("otel.propagators") ?: System.getenv("OTEL_PROPAGATORS") ?: return
        val names = setting.split(',').map { it.trim().lowercase(Locale.ROOT) }
        if ("extracontext" !in names || !underAgent) return
        LOG.log(
            Level.WARNING,
            "extracontext-opentelemetry: otel.propagators=$setting names 'extracontext', which the OpenTelemetry Java agent does not know: " +
                "the agent did not start and nothing is traced. Fix: remove 'extracontext' from otel.propagators " +
                "(keep tracecontext,baggage) and carry the variables as OpenTelemetry Baggage: " +
                "propagator.withBaggage(Context.current()).makeCurrent() on the client, propagator.enterFromBaggage(Context.current()) on the server.",
        )
    }
}
