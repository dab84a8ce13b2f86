package io.extracontext.slf4j

import io.extracontext.copyContext
import io.extracontext.spi.DiagnosticContext
import org.slf4j.ILoggerFactory
import org.slf4j.IMarkerFactory
import org.slf4j.helpers.BasicMarkerFactory
import org.slf4j.helpers.NOPLoggerFactory
import org.slf4j.spi.MDCAdapter
import org.slf4j.spi.SLF4JServiceProvider
import java.util.ServiceConfigurationError
import java.util.ServiceLoader

/**
 * The SLF4J 2 provider that keeps the MDC in the current extracontext context and logs through the
 * one other SLF4J provider on the class path (Logback, Log4j2's `log4j-slf4j2-impl`, ...).
 *
 * Selected by a system property, set before the first logger is made (SLF4J 2.0.9+):
 * ```
 * java -Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider ...
 * ```
 * or, first thing in `main`:
 * ```kotlin
 * System.setProperty("slf4j.provider", ExtraContextServiceProvider::class.java.name)
 * ```
 *
 * What the MDC is, by the provider it logs through:
 * - Logback: an adapter over the context's entries, installed in SLF4J's `MDC` and in Logback's
 *   `LoggerContext` (Logback 1.5.1+), so `%X{key}`, `getMDCPropertyMap()` and `AsyncAppender`
 *   events show the MDC of the code that logged; each event keeps the immutable entries, no copy.
 * - Log4j2 (`log4j-slf4j2-impl`): Log4j2's own adapter, i.e. `ThreadContext`, so nothing put is
 *   ever missing from Log4j2's events; select `extracontext-log4j2`'s `ContextThreadContextMap` to
 *   keep it in the context (a warning says so when it is not selected).
 * - Any other provider: the context's entries.
 *
 * With several other providers, the property `io.extracontext.slf4j.delegate` names the one to
 * use (its class name). Misconfigurations are reported on SLF4J's internal stream (stderr).
 */
public class ExtraContextServiceProvider : SLF4JServiceProvider {
    private val delegate: SLF4JServiceProvider? = findDelegate()

    private val logback: Boolean = delegate != null && LogbackSupport.isLogback(delegate)

    private val log4j2: Boolean = delegate?.javaClass?.name == LOG4J2_PROVIDER

    // Made here, not in initialize(): SLF4J 2.0.17 binds MDC to it before initialising providers.
    private val mdcAdapter: MDCAdapter = when {
        logback -> LogbackSupport.newAdapter()
        log4j2 -> DelegateMdcAdapter(delegate!!)
        else -> ContextMdcAdapter()
    }

    private val nopLoggers: ILoggerFactory by lazy { NOPLoggerFactory() }
    private val basicMarkers: IMarkerFactory by lazy { BasicMarkerFactory() }

    /**
     * The other provider's logger factory (no-operation loggers when there is none, as reported).
     *
     * ```kotlin
     * val log = LoggerFactory.getLogger("app")   // SLF4J calls this
     * ```
     */
    override fun getLoggerFactory(): ILoggerFactory = delegate?.loggerFactory ?: nopLoggers

    /**
     * The other provider's marker factory.
     *
     * ```kotlin
     * val marker = MarkerFactory.getMarker("AUDIT")
     * ```
     */
    override fun getMarkerFactory(): IMarkerFactory = delegate?.markerFactory ?: basicMarkers

    /**
     * The MDC adapter, from construction on (never null).
     *
     * ```kotlin
     * MDC.put("requestId", "r-1")   // SLF4J's MDC calls this adapter
     * ```
     */
    override fun getMDCAdapter(): MDCAdapter = mdcAdapter

    /**
     * The SLF4J API version the other provider asks for (`2.0.99` without one).
     */
    override fun getRequestedApiVersion(): String = delegate?.requestedApiVersion ?: "2.0.99"

    /**
     * Initialises the other provider, then makes our MDC the one its events read.
     */
    override fun initialize() {
        val other = delegate ?: return
        other.initialize()
        when {
            logback -> LogbackSupport.install(other.loggerFactory, mdcAdapter)?.let { Report.error(it) }
            log4j2 -> if (!threadContextIsOurs(other)) Report.warn(LOG4J2_THREAD_LOCAL)
        }
    }

    /** Whether Log4j2's ThreadContext is our DiagnosticContext (extracontext-log4j2 selected): probed in a throwaway copy of the context. */
    private fun threadContextIsOurs(other: SLF4JServiceProvider): Boolean {
        val mdc = other.mdcAdapter ?: return false
        return copyContext().run {
            mdc.put(PROBE_KEY, PROBE_KEY)
            try {
                DiagnosticContext.get(PROBE_KEY) == PROBE_KEY
            } finally {
                mdc.remove(PROBE_KEY)
            }
        }
    }

    private companion object {
        const val DELEGATE_PROPERTY = "io.extracontext.slf4j.delegate"
        const val LOG4J2_PROVIDER = "org.apache.logging.slf4j.SLF4JServiceProvider"
        const val PROBE_KEY = "io.extracontext.slf4j.probe"
        const val LOG4J2_THREAD_LOCAL =
            "extracontext: SLF4J's MDC goes to Log4j2's ThreadContext, which is not kept in the context" +
                " (MDC entries will not follow coroutines, flows or pool tasks). Add io.extracontext:extracontext-log4j2" +
                " and set -Dlog4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap."

        /** The one provider other than ours found by ServiceLoader, or the one [DELEGATE_PROPERTY] names. */
        fun findDelegate(): SLF4JServiceProvider? {
            val found = loadOthers()
            val wanted = System.getProperty(DELEGATE_PROPERTY)?.trim()?.takeIf { it.isNotEmpty() }
            if (wanted != null) {
                found.firstOrNull { it.javaClass.name == wanted }?.let { return it }
                Report.error(
                    "extracontext: -D$DELEGATE_PROPERTY=$wanted names no SLF4J provider on the class path" +
                        " (found: ${names(found)}); set it to one of those class names.",
                )
            }
            when (found.size) {
                0 -> Report.error(
                    "extracontext: ExtraContextServiceProvider found no other SLF4J provider to log through, so" +
                        " logging is a no-operation (NOP). Add a backend to the class path, e.g." +
                        " ch.qos.logback:logback-classic or org.apache.logging.log4j:log4j-slf4j2-impl.",
                )
                1 -> {}
                else -> Report.error(
                    "extracontext: ExtraContextServiceProvider found ${found.size} other SLF4J providers: ${names(found)};" +
                        " logging through the first one, ${found[0].javaClass.name}. Remove the others from the" +
                        " class path, or choose one with -D$DELEGATE_PROPERTY=<its class name>.",
                )
            }
            return found.firstOrNull()
        }

        private fun loadOthers(): List<SLF4JServiceProvider> {
            val loader = ExtraContextServiceProvider::class.java.classLoader
            val result = ArrayList<SLF4JServiceProvider>()
            val it = ServiceLoader.load(SLF4JServiceProvider::class.java, loader).iterator()
            while (true) {
                try {
                    if (!it.hasNext()) break
                    val provider = it.next()
                    if (provider !is ExtraContextServiceProvider) result.add(provider)
                } catch (e: ServiceConfigurationError) {
                    // As SLF4J does: a broken provider entry is reported and skipped, not fatal.
                    Report.error("extracontext: an SLF4J provider on the class path could not be loaded and is skipped: $e")
                }
            }
            return result
        }

        private fun names(providers: List<SLF4JServiceProvider>): String = providers.joinToString(prefix = "[", postfix = "]") { it.javaClass.name }
    }
}
