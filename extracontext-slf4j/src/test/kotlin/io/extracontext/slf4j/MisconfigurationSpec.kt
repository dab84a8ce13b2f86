package io.extracontext.slf4j

import ch.qos.logback.classic.LoggerContext
import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import org.slf4j.LoggerFactory
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.net.URL
import java.net.URLClassLoader

/**
 * What a misconfiguration gets: a message on SLF4J's report stream (stderr) that says what is wrong
 * and what to do, never silent NOP logging. Each case starts SLF4J afresh in a class loader of its
 * own (SLF4J binds once per class loader), with only the jars of that case; each loader is closed.
 */
class MisconfigurationSpec : FunSpec({
    val testJars = File(System.getProperty("extracontext.test.jars") ?: "target/test-jars")

    fun jarOf(c: Class<*>): URL = c.protectionDomain.codeSource.location

    fun jar(name: String): URL = File(testJars, name).also { check(it.isFile) { "missing test jar $it (mvn generate-test-resources)" } }.toURI().toURL()

    val base = listOf(jarOf(ExtraContextServiceProvider::class.java), jarOf(ContextVar::class.java), jarOf(KotlinVersion::class.java), jarOf(LoggerFactory::class.java))
    val pinnedLogback = listOf(jarOf(LoggerContext::class.java), jarOf(ch.qos.logback.core.Context::class.java))
    val simple = listOf(jar("slf4j-simple-${System.getProperty("slf4j.version")}.jar"))
    val refusingLogback = System.getProperty("logback.refusing.version").let { listOf(jar("logback-classic-$it.jar"), jar("logback-core-$it.jar")) }

    val log4j2 = System.getProperty("log4j2.version").let { listOf(jar("log4j-api-$it.jar"), jar("log4j-core-$it.jar"), jar("log4j-slf4j2-impl-$it.jar")) }

    data class Started(val report: String, val loggerFactory: String, val mdcAdapter: String, val mdcWorks: Boolean)

    /** As a user would: SLF4J started with [provider] selected (null: the property cleared), then [action] in that loader. */
    fun <T> withProvider(provider: String?, jars: List<URL>, action: (ClassLoader) -> T): Pair<T, String> {
        val err = ByteArrayOutputStream()
        val oldErr = System.err
        val oldProvider = System.getProperty("slf4j.provider")
        if (provider == null) System.clearProperty("slf4j.provider") else System.setProperty("slf4j.provider", provider)
        val thread = Thread.currentThread()
        val oldLoader = thread.contextClassLoader
        URLClassLoader(jars.toTypedArray(), ClassLoader.getPlatformClassLoader()).use { loader ->
            System.setErr(PrintStream(err, true))
            thread.contextClassLoader = loader
            try {
                return action(loader) to err.toString()
            } finally {
                thread.contextClassLoader = oldLoader
                System.setErr(oldErr)
                if (oldProvider == null) System.clearProperty("slf4j.provider") else System.setProperty("slf4j.provider", oldProvider)
                oldErr.print(err.toString())
            }
        }
    }

    /** ContextMdc.bind(key, a new variable) in [loader]'s copy of the library. */
    fun bindIn(loader: ClassLoader, key: String) {
        val variable = Class.forName("io.extracontext.ContextVar", true, loader).getConstructor(String::class.java).newInstance("v-$key")
        val contextMdc = Class.forName("io.extracontext.slf4j.ContextMdc", true, loader)
        contextMdc.getMethod("bind", String::class.java, variable.javaClass).invoke(null, key, variable)
        contextMdc.getMethod("unbind", String::class.java).invoke(null, key)
    }

    /** Starts SLF4J with [jars] only, logs once, uses the MDC once, and returns what was reported. */
    fun start(jars: List<URL>, delegate: String? = null): Started {
        val err = ByteArrayOutputStream()
        val oldErr = System.err
        val thread = Thread.currentThread()
        val oldLoader = thread.contextClassLoader
        if (delegate != null) System.setProperty("io.extracontext.slf4j.delegate", delegate)
        URLClassLoader(jars.toTypedArray(), ClassLoader.getPlatformClassLoader()).use { loader ->
            System.setErr(PrintStream(err, true))
            thread.contextClassLoader = loader
            try {
                val factory = Class.forName("org.slf4j.LoggerFactory", true, loader)
                val logger = factory.getMethod("getLogger", String::class.java).invoke(null, "misconfiguration")
                logger.javaClass.getMethod("info", String::class.java).invoke(logger, "hello")
                val mdc = Class.forName("org.slf4j.MDC", true, loader)
                val adapter = mdc.getMethod("getMDCAdapter").invoke(null)
                // In a throwaway copy of the isolated core's context, so nothing stays on this thread.
                val api = Class.forName("org.slf4j.spi.MDCAdapter", false, loader)
                val works = api.getMethod("put", String::class.java, String::class.java).let { put ->
                    val get = api.getMethod("get", String::class.java)
                    val remove = api.getMethod("remove", String::class.java)
                    put.invoke(adapter, "k", "v")
                    try { get.invoke(adapter, "k") == "v" } finally { remove.invoke(adapter, "k") }
                }
                return Started(err.toString(), factory.getMethod("getILoggerFactory").invoke(null).javaClass.name, adapter.javaClass.name, works)
            } finally {
                thread.contextClassLoader = oldLoader
                System.setErr(oldErr)
                System.clearProperty("io.extracontext.slf4j.delegate")
                oldErr.print(err.toString())
            }
        }
    }

    test("with no other SLF4J provider, an error says logging is NOP and which backend to add; the MDC still works") {
        val started = start(base)
        started.report shouldContain "SLF4J(E): extracontext: ExtraContextServiceProvider found no other SLF4J provider"
        started.report shouldContain "ch.qos.logback:logback-classic"
        started.loggerFactory shouldBe "org.slf4j.helpers.NOPLoggerFactory"
        started.mdcAdapter shouldBe "io.extracontext.slf4j.ContextMdcAdapter"
        started.mdcWorks shouldBe true
    }

    test("with two other providers, an error names both, says which one is used and how to choose") {
        val started = start(base + pinnedLogback + simple)
        started.report shouldContain "found 2 other SLF4J providers"
        started.report shouldContain "ch.qos.logback.classic.spi.LogbackServiceProvider"
        started.report shouldContain "org.slf4j.simple.SimpleServiceProvider"
        started.report shouldContain "-Dio.extracontext.slf4j.delegate=<its class name>"
    }

    test("with two other providers, io.extracontext.slf4j.delegate chooses one without an error") {
        val started = start(base + pinnedLogback + simple, delegate = "org.slf4j.simple.SimpleServiceProvider")
        started.report shouldNotContain "extracontext:"
        started.loggerFactory shouldBe "org.slf4j.simple.SimpleLoggerFactory"
        started.mdcWorks shouldBe true
    }

    test("a delegate property naming no provider on the class path gets an error listing the ones found") {
        val started = start(base + pinnedLogback, delegate = "com.example.Missing")
        started.report shouldContain "-Dio.extracontext.slf4j.delegate=com.example.Missing names no SLF4J provider"
        started.report shouldContain "[ch.qos.logback.classic.spi.LogbackServiceProvider]"
        started.loggerFactory shouldBe "ch.qos.logback.classic.LoggerContext"
    }

    test("with the pinned Logback alone, nothing is reported and Logback's events read our MDC") {
        val started = start(base + pinnedLogback)
        started.report shouldNotContain "extracontext:"
        started.mdcAdapter shouldBe "io.extracontext.slf4j.LogbackContextMdcAdapter"
        started.mdcWorks shouldBe true
    }

    test("a Logback that refuses to replace its MDC adapter gets an error that says which version to use") {
        val started = start(base + refusingLogback)
        started.report shouldContain "SLF4J(E): extracontext: Logback"
        started.report shouldContain "Use Logback 1.5.1 or later"
        started.mdcWorks shouldBe true
    }

    test("with Log4j2's provider, MDC goes to its ThreadContext (nothing missing from its events) and a warning says how to keep it in the context") {
        val started = start(base + log4j2)
        started.report shouldContain "SLF4J(W): extracontext: SLF4J's MDC goes to Log4j2's ThreadContext, which is not kept in the context"
        started.report shouldContain "-Dlog4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap"
        started.loggerFactory shouldBe "org.apache.logging.slf4j.Log4jLoggerFactory"
        started.mdcAdapter shouldBe "io.extracontext.slf4j.DelegateMdcAdapter"
        started.mdcWorks shouldBe true
    }

    test("ContextMdc.bind where SLF4J's MDC is Logback's own warns once, naming the adapter in effect and the JVM flag") {
        val (_, report) = withProvider(null, base + pinnedLogback) { loader ->
            // The user's static Logger: SLF4J starts with Logback's provider, the only one selected by nothing.
            Class.forName("org.slf4j.LoggerFactory", true, loader).getMethod("getLogger", String::class.java).invoke(null, "app")
            bindIn(loader, "requestId")
            bindIn(loader, "userId")
        }
        val warnings = report.lines().filter { it.contains("ContextMdc.bind(") }
        warnings.size shouldBe 1
        warnings.single() shouldContain "SLF4J(W): extracontext: ContextMdc.bind(\"requestId\", ...)"
        warnings.single() shouldContain "ch.qos.logback.classic.util.LogbackMDCAdapter"
        warnings.single() shouldContain "-Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider"
    }

    test("ContextMdc.bind where SLF4J's MDC is ours says nothing") {
        val (_, report) = withProvider("io.extracontext.slf4j.ExtraContextServiceProvider", base + pinnedLogback) { loader ->
            Class.forName("org.slf4j.LoggerFactory", true, loader).getMethod("getLogger", String::class.java).invoke(null, "app")
            bindIn(loader, "requestId")
        }
        report.lines().filter { it.contains("ContextMdc.bind(") } shouldBe emptyList()
    }
})
