package io.extracontext.slf4j

import org.slf4j.MDC
import org.slf4j.spi.MDCAdapter

/**
 * The check, at the first [ContextMdc.bind], that SLF4J's MDC is this module's: a binding to
 * another adapter shows nothing, and nothing else would say so.
 */
internal object MdcInEffect {
    @Volatile
    private var checked = false

    @JvmSynthetic
    fun checkOnce(key: String?) {
        if (checked) return
        checked = true
        val adapter = try {
            MDC.getMDCAdapter()
        } catch (e: LinkageError) {
            return // no SLF4J API at all: nothing reads the MDC
        }
        if (isOurs(adapter)) return
        val name = adapter?.javaClass?.name ?: "none"
        Report.warn(
            "extracontext: ContextMdc.bind(\"$key\", ...) binds a variable to the MDC, but SLF4J's MDC adapter is " +
                "$name, not extracontext's: %X{$key} shows nothing of the variable, and MDC.put values stay on the " +
                "thread instead of following the context. Start the JVM with " +
                "-Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider (a System.setProperty must run " +
                "before SLF4J's first use, i.e. before any static Logger is created). Reported once.",
        )
    }

    /** Whether [adapter] is one of this module's MDC adapters. */
    @JvmSynthetic
    fun isOurs(adapter: MDCAdapter?): Boolean = adapter?.javaClass?.name?.startsWith("io.extracontext.slf4j.") == true
}
