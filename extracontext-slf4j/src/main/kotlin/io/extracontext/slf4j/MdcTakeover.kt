package io.extracontext.slf4j

import io.extracontext.spi.DiagnosticContext
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import org.slf4j.spi.MDCAdapter
import java.lang.reflect.Modifier

/**
 * Our MDC put in place after SLF4J has initialised with Logback's own provider: in SLF4J's `MDC`
 * and in Logback's `LoggerContext` (where events read it), the two references that must agree.
 */
internal object MdcTakeover {
    private const val LOGBACK_ADAPTER = "ch.qos.logback.classic.util.LogbackMDCAdapter"

    @Synchronized
    @JvmSynthetic
    fun run(): Boolean {
        val current = try {
            MDC.getMDCAdapter()
        } catch (e: LinkageError) {
            return false // no SLF4J API at all
        }
        if (MdcInEffect.isOurs(current)) return true
        if (current == null || current.javaClass.name != LOGBACK_ADAPTER) return false
        val factory = LoggerFactory.getILoggerFactory()
        val ours = LogbackSupport.newAdapter()
        val problem = LogbackSupport.install(factory, ours)
        if (problem != null) {
            Report.warn(problem)
            return false
        }
        if (!replaceSlf4jAdapter(ours)) {
            // Put Logback's back, so that MDC.put and %X keep agreeing.
            LogbackSupport.install(factory, current)
            return false
        }
        // What the calling thread had put so far moves into its context: nothing is lost.
        val before = current.copyOfContextMap
        if (!before.isNullOrEmpty()) {
            for ((key, value) in before) DiagnosticContext.put(key, value)
            current.clear()
        }
        return true
    }

    // SLF4J keeps its adapter in a static field of MDC (`mdcAdapter` up to 2.0.16, `MDC_ADAPTER` with a
    // package-private setter from 2.0.17): the setter where there is one, else the field.
    private fun replaceSlf4jAdapter(adapter: MDCAdapter): Boolean = try {
        val setter = MDC::class.java.declaredMethods.firstOrNull {
            it.name == "setMDCAdapter" && Modifier.isStatic(it.modifiers) && it.parameterTypes.contentEquals(arrayOf(MDCAdapter::class.java))
        }
        if (setter != null) {
            setter.isAccessible = true
            setter.invoke(null, adapter)
        } else {
            val field = MDC::class.java.declaredFields.first {
                Modifier.isStatic(it.modifiers) && !Modifier.isFinal(it.modifiers) && it.type == MDCAdapter::class.java
            }
            field.isAccessible = true
            field.set(null, adapter)
        }
        MDC.getMDCAdapter() === adapter
    } catch (e: Exception) {
        // ReflectiveOperationException, NoSuchElementException (no such field), InaccessibleObjectException
        // (SLF4J in a named module).
        Report.warn("extracontext: could not replace SLF4J's MDC adapter ($e)")
        false
    }
}
