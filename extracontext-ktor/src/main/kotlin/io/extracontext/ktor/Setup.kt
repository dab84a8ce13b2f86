package io.extracontext.ktor

import io.ktor.server.application.Application
import io.ktor.server.application.pluginRegistry
import io.ktor.server.logging.MDCProvider
import io.ktor.util.AttributeKey
import java.util.logging.Level

/** What the plugin checks and fixes once the application has started. */
internal object Setup {
    private const val SLF4J_PROVIDER = "io.extracontext.slf4j.ExtraContextServiceProvider"

    @JvmSynthetic
    fun check(app: Application) {
        makeContextMdcProviderTheOne(app)
        for (warning in warnings(app.items.map { it.name }, hasPlugin(app, "CallLogging"), mdcAdapterClassName())) {
            LOG.warning(warning)
        }
    }

    /**
     * Ktor uses the first `MDCProvider` it finds among the plugins, in no defined order: remove the
     * others (CallLogging's), so the engine's error logs and StatusPages always use the call's context.
     */
    @Suppress("UNCHECKED_CAST")
    @JvmSynthetic
    fun makeContextMdcProviderTheOne(app: Application) {
        val registry = app.pluginRegistry
        for (key in registry.allKeys) {
            val value = registry.getOrNull(key as AttributeKey<Any>)
            if (value is MDCProvider && value !== ContextMdcProvider) registry.remove(key)
        }
    }

    /** The warnings for the application's call pipeline phases, whether CallLogging is installed, and SLF4J's MDC adapter. */
    @JvmSynthetic
    fun warnings(phaseNames: List<String>, callLogging: Boolean, mdcAdapter: String?): List<String> {
        val out = ArrayList<String>(2)
        if ("MonitoringMDC" in phaseNames || "CallMDC" in phaseNames) {
            out += "extracontext: CallLogging has mdc/callIdMdc entries; Ktor sets them with kotlinx MDCContext, which puts its " +
                "copy of the MDC back at every resume, so an MDC.put in a handler is lost at the next suspension. " +
                "Fix: remove the entries from CallLogging and bind the variables to MDC keys with ContextMdc.bind(key, variable) " +
                "(ExtraContextConfig.header/callId set the variables)."
        }
        if (callLogging && mdcAdapter != null && !mdcAdapter.startsWith("io.extracontext.")) {
            out += "extracontext: CallLogging's lines and the engine's error logs show the MDC of the logging thread, not the call's: " +
                "SLF4J's MDC adapter is $mdcAdapter. Fix: add extracontext-slf4j and set -Dslf4j.provider=$SLF4J_PROVIDER " +
                "before the first logger is made."
        }
        return out
    }

    private fun hasPlugin(app: Application, name: String): Boolean = app.pluginRegistry.allKeys.any { it.name == name }

    // SLF4J comes with ktor-server-core; still, a missing or broken SLF4J must not stop the application.
    private fun mdcAdapterClassName(): String? = try {
        org.slf4j.MDC.getMDCAdapter()?.javaClass?.name
    } catch (e: LinkageError) {
        LOG.log(Level.FINE, "extracontext-ktor: SLF4J not usable", e)
        null
    }
}
