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

    /**
     * Makes extracontext's MDC the one in effect when SLF4J has already initialised with Logback's
     * own provider, i.e. without `-Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider`:
     * SLF4J's `MDC` and Logback's `LoggerContext` both get our adapter, and the entries the calling
     * thread had put move into its context. For frameworks that start before any code of the
     * application runs (the Spring Boot starter calls it at startup); entries other threads hold in
     * Logback's MDC at that moment stay there and are no longer read.
     *
     * Returns whether the MDC in effect is ours afterwards: `true` at once when it already was;
     * `false`, changing nothing, when SLF4J logs through another provider (Log4j2's, or none) or
     * Logback is older than 1.5.1 (a warning on SLF4J's report stream says which).
     *
     * ```kotlin
     * if (!ContextMdc.install()) println("MDC entries stay on threads")
     * ```
     */
    @JvmStatic
    public fun install(): Boolean = MdcTakeover.run()
}
