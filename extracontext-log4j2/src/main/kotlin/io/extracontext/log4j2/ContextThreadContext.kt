package io.extracontext.log4j2

import io.extracontext.ContextVar
import io.extracontext.spi.DiagnosticContext
import org.apache.logging.log4j.ThreadContext

/**
 * What `extracontext-log4j2` adds to Log4j2's `ThreadContext`: variables shown in every log event,
 * and a check that [ContextThreadContextMap] is the map Log4j2 uses.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 * ContextThreadContext.bind("requestId", requestId)   // %X{requestId} prints requestId's value
 * ContextThreadContext.requireInstalled()             // at startup: fails fast when misconfigured
 * ```
 *
 * Bindings live in core's `DiagnosticContext`, the same store as `extracontext-slf4j`'s
 * `ContextMdc.bind`: a variable bound through either shows in both frameworks' events.
 */
public object ContextThreadContext {
    /**
     * The value of `log4j2.threadContextMap` that selects this module.
     *
     * ```kotlin
     * System.setProperty("log4j2.threadContextMap", ContextThreadContext.PROPERTY_VALUE) // first line of main
     * ```
     */
    public const val PROPERTY_VALUE: String = "io.extracontext.log4j2.ContextThreadContextMap"

    /**
     * Shows [variable]'s current value, as a String, under [key] in every log event's context data
     * (`%X{key}`) and in `ThreadContext.get(key)`, in every context where no entry of that key was
     * put; replaces an earlier binding of [key]. Nothing is copied: each event reads the variable.
     *
     * ```kotlin
     * ContextThreadContext.bind("requestId", requestId)
     * requestId.withValue("r-1") { log.info("handled") }   // requestId=r-1 on the line
     * ```
     *
     * @throws IllegalArgumentException when [key] is `null`.
     */
    @JvmStatic
    public fun bind(key: String?, variable: ContextVar<*>): Unit = DiagnosticContext.bind(key, variable)

    /**
     * Removes the binding of [key]; entries put under [key] are untouched.
     *
     * ```kotlin
     * ContextThreadContext.unbind("requestId")
     * ```
     */
    @JvmStatic
    public fun unbind(key: String?): Unit = DiagnosticContext.unbind(key)

    /**
     * Whether Log4j2's `ThreadContext` uses [ContextThreadContextMap]: `false` when
     * `log4j2.threadContextMap` was not set, or was set after `ThreadContext` initialised, or the
     * map could not be created (Log4j2 then logged why and uses its own thread-local map).
     *
     * ```kotlin
     * if (!ContextThreadContext.isInstalled()) println("ThreadContext is per thread")
     * ```
     */
    @JvmStatic
    public fun isInstalled(): Boolean = ThreadContext.getThreadContextMap() is ContextThreadContextMap

    /**
     * Throws an [IllegalStateException] that says how to select [ContextThreadContextMap] when
     * Log4j2 does not use it: call it once at startup, after logging initialised.
     *
     * ```kotlin
     * fun main() {
     *     ContextThreadContext.requireInstalled()
     * }
     * ```
     */
    @JvmStatic
    public fun requireInstalled() {
        check(isInstalled()) {
            // getThreadContextMap() is null for Log4j2's own default and no-op maps.
            val current = ThreadContext.getThreadContextMap()?.javaClass?.name ?: "one of Log4j2's own maps"
            "Log4j2's ThreadContext does not use $PROPERTY_VALUE (it uses $current): set log4j2.threadContextMap=$PROPERTY_VALUE " +
                "before Log4j2 initialises (JVM flag -Dlog4j2.threadContextMap=..., or a log4j2.component.properties " +
                "on the class path; with Spring Boot, not in application.properties, which is read too late), and " +
                "check Log4j2's status output for an error creating it"
        }
    }
}
