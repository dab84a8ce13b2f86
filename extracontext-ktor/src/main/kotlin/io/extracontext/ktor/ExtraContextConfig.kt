package io.extracontext.ktor

import io.extracontext.ContextVar
import io.ktor.utils.io.KtorDsl

/**
 * What [ExtraContext] binds in each call's fresh context.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 * val callId = ContextVar<String>("call_id")
 *
 * install(ExtraContext) {
 *     header("X-Request-Id", requestId)   // the incoming header's value, for the whole call
 *     callId(callId)                      // the id Ktor's CallId plugin gave the call
 *     maxHeaderLength = 128               // longer values are skipped
 * }
 * ```
 *
 * Header values are untrusted input: a value longer than [maxHeaderLength], or holding any
 * character outside printable ASCII (control characters, CR/LF, non-ASCII), or a header sent
 * more than once, is skipped (the variable stays unset for that call) with one `FINE` line on the
 * `java.util.logging` logger `io.extracontext.ktor`; the call goes on as usual.
 */
@KtorDsl
public class ExtraContextConfig {
    @get:JvmSynthetic
    internal val headers: MutableMap<String, ContextVar<String>> = LinkedHashMap()

    @get:JvmSynthetic @set:JvmSynthetic
    internal var callIdVariable: ContextVar<String>? = null

    /**
     * The longest header value bound to a variable; longer values are skipped. Default 256.
     *
     * ```kotlin
     * install(ExtraContext) { maxHeaderLength = 64 }
     * ```
     */
    public var maxHeaderLength: Int = HeaderValues.DEFAULT_MAX_LENGTH
        set(value) {
            require(value >= 0) { "maxHeaderLength must be 0 or more, was $value" }
            field = value
        }

    /**
     * Sets [variable] to the value of the incoming header [name] (case-insensitive) for the whole
     * call, when the header is present once and its value is acceptable (see the class comment).
     *
     * ```kotlin
     * install(ExtraContext) { header("X-Request-Id", requestId) }
     * ```
     */
    public fun header(name: String, variable: ContextVar<String>) {
        require(name.isNotBlank()) { "header name must not be blank" }
        headers[name] = variable
    }

    /**
     * Sets [variable] to the call id that Ktor's `CallId` plugin retrieved or generated, from the
     * moment `CallId` has run (Ktor's `Setup` phase) to the end of the call, status pages and
     * `CallLogging`'s line included. Nothing is set when `CallId` is not installed or found no id.
     *
     * ```kotlin
     * install(CallId) { header(HttpHeaders.XRequestId) }
     * install(ExtraContext) { callId(callId) }
     * ```
     */
    public fun callId(variable: ContextVar<String>) {
        callIdVariable = variable
    }
}
