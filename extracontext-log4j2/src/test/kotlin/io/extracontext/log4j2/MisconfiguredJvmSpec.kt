package io.extracontext.log4j2

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import org.apache.logging.log4j.ThreadContext
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * Misconfigurations, each in a second JVM (Log4j2 reads `log4j2.threadContextMap` once per JVM):
 * bounded in time and always destroyed.
 */
class MisconfiguredJvmSpec : FunSpec({
    fun runJvm(vararg args: String): String {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val classPath = if (args.firstOrNull() == "-cp") emptyList() else listOf("-cp", System.getProperty("java.class.path"))
        val command = listOf(java) + classPath + args + ProbeMain::class.java.name
        val process = ProcessBuilder(command).redirectErrorStream(true).start()
        try {
            check(process.waitFor(60, TimeUnit.SECONDS)) { "the second JVM did not finish in 60 s" }
            return process.inputStream.bufferedReader().readText()
        } finally {
            process.destroyForcibly()
        }
    }

    test("with Log4j2's own map selected, requireInstalled says which map is used and how to select ours") {
        val out = runJvm("-Dlog4j2.threadContextMap=WebApp")
        out shouldContain "installed=false"
        out shouldContain "does not use io.extracontext.log4j2.ContextThreadContextMap (it uses one of Log4j2's own maps)"
        out shouldContain "set log4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap before Log4j2 initialises"
    }

    test("with the property set after ThreadContext initialised (Spring Boot's application.properties), requireInstalled says it came too late") {
        val out = runJvm("-Dlog4j2.threadContextMap=WebApp", "-Dprobe.setLate=true")
        out shouldContain "installed=false"
        out shouldContain "with Spring Boot, not in application.properties"
    }

    test("an unknown class in the property is reported by Log4j2, logging and ThreadContext calls never throw, and requireInstalled says what to do") {
        val out = runJvm("-Dlog4j2.threadContextMap=no.such.Map")
        out shouldContain "no.such.Map"
        out shouldContain "installed=false"
        out shouldContain "message=Log4j2's ThreadContext does not use"
        out shouldContain "done"
    }

    test("with extracontext-core missing from the class path, Log4j2 prints our message naming the jar to add, and nothing throws") {
        val withoutCore = System.getProperty("java.class.path").split(File.pathSeparator)
            .filterNot { it.contains("extracontext-core") }
            .joinToString(File.pathSeparator)
        withoutCore shouldNotBe System.getProperty("java.class.path")
        val out = runJvm("-cp", withoutCore, "-Dlog4j2.threadContextMap=" + ContextThreadContext.PROPERTY_VALUE)
        out shouldContain "io.extracontext.spi.DiagnosticContext cannot be loaded: put io.extracontext:extracontext-core"
        out shouldContain "installed=false"
        out shouldContain "done"
    }
})

/** The second JVM: prints what [ContextThreadContext] says; `done` only when no call threw. */
object ProbeMain {
    @JvmStatic
    fun main(args: Array<String>) {
        ThreadContext.put("k", "v")
        if (System.getProperty("probe.setLate") == "true") {
            System.setProperty("log4j2.threadContextMap", ContextThreadContext.PROPERTY_VALUE)
        }
        println("installed=" + ContextThreadContext.isInstalled())
        try {
            ContextThreadContext.requireInstalled()
        } catch (e: IllegalStateException) {
            println("message=" + e.message)
        }
        org.apache.logging.log4j.LogManager.getLogger("probe").warn("still logging")
        ThreadContext.remove("k")
        println("done")
    }
}
