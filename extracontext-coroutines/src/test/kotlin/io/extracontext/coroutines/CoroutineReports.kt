package io.extracontext.coroutines

import io.extracontext.StrictMode
import java.util.concurrent.CopyOnWriteArrayList
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/** A handler that keeps every record published to it. */
class RecordingHandler : Handler() {
    val records: MutableList<LogRecord> = CopyOnWriteArrayList()

    override fun publish(record: LogRecord) {
        records += record
    }

    override fun flush() {}

    override fun close() {}
}

/**
 * The coroutine-misuse reports (coroutines run without a ContextElement), captured for tests.
 */
object CoroutineReports {
    /** The logger the reports go to. */
    const val LOGGER: String = "io.extracontext.coroutines"

/**
     * Runs [block] with the coroutine-misuse reports captured (and kept off the console), and with
     * [StrictMode] set to [strict]; the logger and strict mode are back as they were afterwards.
     */
    fun <R> capture(strict: Boolean, block: (records: List<LogRecord>) -> R): R {
        val logger = Logger.getLogger(LOGGER)
        val handler = RecordingHandler()
        val parentHandlersBefore = logger.useParentHandlers
        val levelBefore = logger.level
        val strictBefore = StrictMode.enabled
        logger.addHandler(handler)
        logger.useParentHandlers = false
        logger.level = Level.ALL
        try {
            StrictMode.enabled = strict
            return block(handler.records)
        } finally {
            StrictMode.enabled = strictBefore
            logger.removeHandler(handler)
            logger.useParentHandlers = parentHandlersBefore
            logger.level = levelBefore
        }
    }

/** The thread a report was made on, as its throwable names it, without kotlinx's debug-mode " @coroutine#n". */
    fun threadOf(record: LogRecord): String = record.thrown?.message?.substringAfter("on thread '")?.substringBeforeLast("'")?.substringBefore(" @coroutine#") ?: "?"
}
