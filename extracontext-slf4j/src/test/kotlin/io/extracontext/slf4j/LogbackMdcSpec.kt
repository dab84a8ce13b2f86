package io.extracontext.slf4j

import ch.qos.logback.classic.AsyncAppender
import ch.qos.logback.classic.LoggerContext
import ch.qos.logback.classic.PatternLayout
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.classic.util.LogbackMDCAdapter
import ch.qos.logback.core.AppenderBase
import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi
import io.extracontext.coroutines.ContextElement
import io.extracontext.spi.DiagnosticContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import java.lang.reflect.Modifier
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * Logback's side: its events (`%X{key}`, `getMDCPropertyMap()`, `AsyncAppender`) show the MDC kept
 * in the context. Surefire runs this spec twice: with the pinned Logback and with the newest one
 * served (the `logback-newest` execution of this module's pom).
 */
@OptIn(io.extracontext.ExtraContextSpi::class)
class LogbackMdcSpec : FunSpec({
    val context = LoggerFactory.getILoggerFactory() as LoggerContext
    val log = LoggerFactory.getLogger("io.extracontext.slf4j.LogbackMdcSpec")

    fun formatted(pattern: String, event: ILoggingEvent): String = PatternLayout().run {
        this.context = context
        this.pattern = pattern
        start()
        doLayout(event)
    }

    /** A synchronous appender that formats on the logging thread, as console and file appenders do. */
    class Lines : AppenderBase<ILoggingEvent>() {
        val lines = java.util.concurrent.ConcurrentLinkedQueue<String>()
        val events = java.util.concurrent.ConcurrentLinkedQueue<ILoggingEvent>()
        override fun append(event: ILoggingEvent) {
            lines.add(PatternLayout().run { setContext(this@Lines.getContext()); pattern = "%X{requestId}|%X{user}|%msg"; start(); doLayout(event) })
            events.add(event)
        }
    }
    val list = Lines().apply { this.context = context; name = "lines"; start() }
    (context.getLogger("io.extracontext.slf4j.LogbackMdcSpec")).apply { isAdditive = false; addAppender(list) }

    beforeTest { list.lines.clear(); list.events.clear() }

    test("Logback's LoggerContext reads the same MDC adapter as SLF4J's MDC") {
        System.err.println("LogbackMdcSpec runs with Logback from " + LoggerContext::class.java.protectionDomain.codeSource.location)
        context.mdcAdapter shouldBeSameInstanceAs MDC.getMDCAdapter()
        (context.mdcAdapter is LogbackMDCAdapter) shouldBe true
    }

    test("%X{key} shows the MDC of the code that logged, from a coroutine resumed on another thread") {
        withContext(Dispatchers.Default + ContextElement()) {
            MDC.put("requestId", "r-1")
            delay(1)
            withContext(Dispatchers.IO) { log.info("on io") }
        }
        list.lines.single() shouldBe "r-1||on io"
        list.events.single().mdcPropertyMap shouldBe mapOf("requestId" to "r-1")
    }

    test("an event keeps the context's immutable MDC map itself: no copy per event") {
        ContextLocal().run {
            MDC.put("requestId", "r-2")
            MDC.put("user", "alice")
            log.info("no copy")
            list.lines.single() shouldBe "r-2|alice|no copy"
            val event = list.events.single()
            event.mdcPropertyMap shouldBeSameInstanceAs DiagnosticContext.snapshot()
            runCatching { (event.mdcPropertyMap as MutableMap<String, String>)["x"] = "y" }.isFailure shouldBe true
        }
    }

    test("a bound variable shows in %X{key} of every event") {
        val user = ContextVar<String>("user")
        ContextMdc.bind("user", user)
        try {
            user.withValue("carol") { log.info("bound") }
        } finally {
            ContextMdc.unbind("user")
        }
        list.lines.single() shouldBe "|carol|bound"
    }

    test("an AsyncAppender event shows the MDC at logging time, formatted on its worker thread") {
        val lines = java.util.concurrent.ConcurrentLinkedQueue<String>()
        val written = CountDownLatch(2)
        val sink = object : AppenderBase<ILoggingEvent>() {
            override fun append(event: ILoggingEvent) {
                lines.add(formatted("%X{requestId} %msg", event) + " on " + Thread.currentThread().name.substringBefore('-'))
                written.countDown()
            }
        }
        sink.context = context
        sink.name = "sink"
        sink.start()
        val async = AsyncAppender()
        async.context = context
        async.name = "async"
        async.addAppender(sink)
        async.start()
        val logger = context.getLogger("io.extracontext.slf4j.async")
        logger.isAdditive = false
        logger.addAppender(async)
        try {
            ContextLocal().run {
                MDC.put("requestId", "first")
                logger.info("one")
                MDC.put("requestId", "second")      // changed before the worker formats "one"
                logger.info("two")
                MDC.remove("requestId")
            }
            written.await(10, TimeUnit.SECONDS) shouldBe true
        } finally {
            logger.detachAndStopAllAppenders()
        }
        lines.toList() shouldContainExactly listOf("first one on AsyncAppender", "second two on AsyncAppender")
    }

    test("every public method of Logback's LogbackMDCAdapter is overridden, so none reads its thread-locals") {
        val notOverridden = LogbackMDCAdapter::class.java.declaredMethods
            .filter { Modifier.isPublic(it.modifiers) && !Modifier.isStatic(it.modifiers) && !it.isSynthetic }
            .filter { m ->
                runCatching { LogbackContextMdcAdapter::class.java.getDeclaredMethod(m.name, *m.parameterTypes) }.isFailure
            }
            .map { it.name }
        notOverridden.shouldBeEmpty()
    }
})
