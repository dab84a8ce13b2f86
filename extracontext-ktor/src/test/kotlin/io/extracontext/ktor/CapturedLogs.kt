package io.extracontext.ktor

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.AppenderBase
import org.slf4j.LoggerFactory
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.logging.Handler
import java.util.logging.LogRecord

/** One Logback event as it was when it was logged: its MDC read at append time, on the logging thread. */
data class Line(val logger: String, val message: String, val mdc: Map<String, String>, val thread: String, val failed: Boolean)

/** A Logback appender on the root logger that keeps every event's MDC as it was at logging time. */
class CapturedLogs : AutoCloseable {
    val lines: ConcurrentLinkedQueue<Line> = ConcurrentLinkedQueue()
    private val root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) as Logger
    private val previousLevel = root.level
    private val appender = object : AppenderBase<ILoggingEvent>() {
        override fun append(event: ILoggingEvent) {
            lines += Line(event.loggerName, event.formattedMessage, HashMap(event.mdcPropertyMap), event.threadName, event.throwableProxy != null)
        }
    }

    init {
        appender.context = root.loggerContext
        appender.start()
        root.level = Level.INFO
        root.addAppender(appender)
    }

    override fun close() {
        root.detachAppender(appender)
        appender.stop()
        root.level = previousLevel
    }
}

/** java.util.logging records of the logger `io.extracontext.ktor` at FINE and above. */
class CapturedJul : AutoCloseable {
    val records: ConcurrentLinkedQueue<LogRecord> = ConcurrentLinkedQueue()
    private val logger = java.util.logging.Logger.getLogger("io.extracontext.ktor")
    private val previousLevel = logger.level
    private val handler = object : Handler() {
        override fun publish(record: LogRecord) {
            records += record
        }

        override fun flush() {}

        override fun close() {}
    }

    init {
        handler.level = java.util.logging.Level.ALL
        logger.level = java.util.logging.Level.FINE
        logger.addHandler(handler)
    }

    fun messages(level: java.util.logging.Level): List<String> = records.filter { it.level == level }.map { it.message }

    override fun close() {
        logger.removeHandler(handler)
        logger.level = previousLevel
    }
}
