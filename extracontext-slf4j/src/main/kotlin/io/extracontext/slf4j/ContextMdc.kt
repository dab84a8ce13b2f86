package io.extracontext.slf4j

import io.extracontext.ContextVar
import io.extracontext.spi.DiagnosticContext

/**
 * Shows a [ContextVar]'s value in the MDC: `MDC.get(key)`, `MDC.getCopyOfContextMap()` and every
 * log event (`%X{key}`) then show the variable's current value, as a String, where it has one.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 * ContextMdc.bind("requestId", requestId)
 * requestId.withValue("r-1") { log.info("handled") }   // %X{requestId} prints r-1
 * ```
 *
 * `MDC.put(key, v)` on a bound key puts an entry that shadows the variable in the current context
 * (code that only uses the MDC reads back exactly what it put); `MDC.remove(key)` shows the
 * variable again; `MDC.clear()` removes entries only, never a variable's value.
 */
public object ContextMdc {
    /**
     * Shows [variable]'s value under [key] in the MDC, replacing an earlier binding of [key]. The
     * first call checks that SLF4J's MDC is this module's and, when it is not, reports one warning
     * (`SLF4J(W)` on stderr) naming the adapter in effect and the fix.
     *
     * ```java
     * ContextMdc.bind("requestId", RequestId.VAR);
     * ```
     */
    @JvmStatic
    public fun bind(key: String?, variable: ContextVar<*>) {
        DiagnosticContext.bind(key, variable)
        MdcInEffect.checkOnce(key)
    }

    /**
     * Removes the binding of [key]; entries put under [key] with `MDC.put` stay.
     *
     * ```java
     * ContextMdc.unbind("requestId");
     * ```
     */
    @JvmStatic
    public fun unbind(key: String?) {
        DiagnosticContext.unbind(key)
    }
}
