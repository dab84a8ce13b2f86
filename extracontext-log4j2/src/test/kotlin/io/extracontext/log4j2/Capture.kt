package io.extracontext.log4j2

import org.apache.logging.log4j.Level
import org.apache.logging.log4j.LogManager
import org.apache.logging.log4j.Logger
import org.apache.logging.log4j.core.LogEvent
import org.apache.logging.log4j.core.LoggerContext
import org.apache.logging.log4j.core.appender.AbstractAppender
import org.apache.logging.log4j.core.appender.AsyncAppender
import org.apache.logging.log4j.core.config.AppenderRef
import org.apache.logging.log4j.core.config.LoggerConfig
import org.apache.logging.log4j.core.config.Property
import org.apache.logging.log4j.core.layout.PatternLayout
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A real Log4j2 appender attached to one logger of the running configuration: it formats each
 * event with a real [PatternLayout] and keeps the line, the event's context data and its thread.
 * The logger is [loggerName], or a new name. With [async], events go through a real `AsyncAppender` first. [gate], when given, holds every
 * append until it opens (to prove what an async event kept). Closing detaches everything.
 */
class Capture @JvmOverloads constructor(
    pattern: String = "%X{requestId}|%m",
    async: Boolean = false,
    private val gate: CountDownLatch? = null,
    loggerName: String? = null,
) : AutoCloseable {
    /** One captured event; [contextDataClass] is the class of the `ReadOnlyStringMap` log4j-core gave it. */
    class Line(val text: String, val contextData: Map<String, String?>, val thread: String, val contextDataClass: String) {
        override fun toString(): String = "$text $contextData @$thread"
    }

    val name: String = loggerName ?: ("capture-" + SERIAL.incrementAndGet())
    val lines: ConcurrentLinkedQueue<Line> = ConcurrentLinkedQueue()
    val logger: Logger

    private val context = LoggerContext.getContext(false)
    private val appender: AbstractAppender
    private val asyncAppender: AsyncAppender?

    init {
        val config = context.configuration
        val layout = PatternLayout.newBuilder().withPattern(pattern).withConfiguration(config).build()
        appender = object : AbstractAppender(name, null, layout, false, Property.EMPTY_ARRAY) {
            override fun append(event: LogEvent) {
                gate?.let { check(it.await(10, TimeUnit.SECONDS)) { "the test never opened the gate" } }
                val data = event.contextData
                lines.add(Line(layout.toSerializable(event), data.toMap(), event.threadName, data.javaClass.name))
            }
        }
        appender.start()
        config.addAppender(appender)
        asyncAppender = if (!async) {
            null
        } else {
            AsyncAppender.newBuilder()
                .setName("$name-async")
                .setAppenderRefs(arrayOf(AppenderRef.createAppenderRef(name, null, null)))
                .setConfiguration(config)
                .setBlocking(true)
                .build()
                .also { it.start(); config.addAppender(it) }
        }
        val loggerConfig = LoggerConfig.newBuilder()
            .withLoggerName(name)
            .withLevel(Level.ALL)
            .withAdditivity(false)
            .withConfig(config)
            .build()
        loggerConfig.addAppender(asyncAppender ?: appender, null, null)
        config.addLogger(name, loggerConfig)
        context.updateLoggers()
        logger = LogManager.getLogger(name)
    }

    /** The formatted lines, in logging order. */
    fun texts(): List<String> = lines.map { it.text }

    override fun close() {
        val config = context.configuration
        config.removeLogger(name)
        context.updateLoggers()
        asyncAppender?.stop(10, TimeUnit.SECONDS)
        appender.stop()
    }

    private companion object {
        val SERIAL = AtomicInteger()
    }
}
