package io.extracontext.opentelemetry

import java.util.concurrent.atomic.AtomicLong
import java.util.logging.Level
import java.util.logging.Logger

/** The logger of this module: java.util.logging, as OpenTelemetry's own API uses, so no extra dependency. */
@get:JvmSynthetic
internal val LOG: Logger = Logger.getLogger("io.extracontext.opentelemetry")

/**
 * One kind of problem that is logged the first time it happens and then only counted.
 *
 * Why: the header comes from another process, so a hostile or broken peer could make every request
 * log; a log line per request is itself a denial of service. The first occurrence says what happened
 * and that later ones are not logged; [count] keeps the total for a debugger or a test.
 */
internal class OnceLog(private val level: Level, private val what: String) {
    private val seen = AtomicLong()

    val count: Long get() = seen.get()

    fun report(detail: String) {
        if (seen.getAndIncrement() == 0L && LOG.isLoggable(level)) {
            LOG.log(level, "$what: $detail (logged once; later occurrences are skipped silently)")
        }
    }
}
