package io.extracontext.ktor

import java.util.logging.Logger

/** The logger of this module: java.util.logging, so the plugins need no logging library of their own. */
@get:JvmSynthetic
internal val LOG: Logger = Logger.getLogger("io.extracontext.ktor")

/**
 * The rule for a header value taken from, or sent to, another process: at most [maxLength]
 * characters, each printable ASCII (`0x20..0x7E`). Control characters (CR, LF, NUL, TAB, DEL, C1)
 * and anything outside ASCII are refused, so a value can neither split a log line nor a header.
 *
 * Kept in this module: core has no such check (the OpenTelemetry module's limits are the W3C baggage
 * grammar's, not a single header value's); the Spring Boot starter applies the same rule.
 */
internal object HeaderValues {
    const val DEFAULT_MAX_LENGTH: Int = 256

    /** Why [value] is refused, or `null` when it is acceptable. */
    @JvmSynthetic
    fun problem(value: String, maxLength: Int): String? {
        if (value.length > maxLength) return "longer than $maxLength characters (${value.length})"
        for (i in value.indices) {
            val c = value[i]
            if (c < ' ' || c > '~') return "character ${"U+%04X".format(c.code)} at index $i is not printable ASCII"
        }
        return null
    }
}
