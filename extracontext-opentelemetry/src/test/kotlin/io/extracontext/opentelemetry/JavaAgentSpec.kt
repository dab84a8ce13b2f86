package io.extracontext.opentelemetry

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import java.io.File
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** The OpenTelemetry Java agent's jar, copied by Maven (maven-dependency-plugin) before the tests. */
val agentJar: File = File(System.getProperty("opentelemetry.javaagent.jar") ?: "target/agent/opentelemetry-javaagent.jar")

/**
 * Runs [main] in a new JVM (the test class path; with the OpenTelemetry Java agent when [withAgent]),
 * bounded to [seconds], and returns its output lines. The process is always destroyed.
 */
fun runJvm(main: Class<*>, withAgent: Boolean, vararg extra: String, args: List<String> = emptyList(), seconds: Long = 120): List<String> {
    val java = File(System.getProperty("java.home"), "bin/java").path
    val command = ArrayList<String>()
    command += listOf(java, "-Xmx256m")
    if (withAgent) {
        check(agentJar.isFile) { "the OpenTelemetry Java agent is not at $agentJar (mvn copies it in generate-test-resources)" }
        command += listOf(
            "-javaagent:${agentJar.absolutePath}",
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none",
        )
    }
    command += extra
    command += listOf("-cp", System.getProperty("java.class.path"), main.name)
    command += args
    val process = ProcessBuilder(command).redirectErrorStream(true).start()
    try {
        val lines = CompletableFuture.supplyAsync { process.inputStream.bufferedReader().readLines() }
        val finished = process.waitFor(seconds, TimeUnit.SECONDS)
        check(finished) { "the JVM did not finish within $seconds s" }
        return lines.get(10, TimeUnit.SECONDS)
    } finally {
        process.destroyForcibly()
        process.waitFor(10, TimeUnit.SECONDS)
    }
}

/** The checks of [AgentChecksMain], in a JVM without the agent and in one with the real agent. */
class JavaAgentSpec : FunSpec({
    fun report(lines: List<String>, label: String): List<String> {
        System.err.println(lines.joinToString("\n") { "[$label] $it" })
        lines shouldContain "DONE"
        return lines.filter { it.startsWith("FAIL") }
    }

    test("selecting our storage from a ContextStorage wrapper of the application works (a JVM without the agent)") {
        // OpenTelemetry's own storage chosen first (as when our provider is not the one the class path
        // offers), then replaced by the application's wrapper.
        val lines = runJvm(WrapperSelectionMain::class.java, withAgent = false, "-D${StorageCheck.STORAGE_PROPERTY}=default", seconds = 60)
        check(lines.contains("PASS")) { "the JVM printed: ${lines.joinToString("\n")}" }
    }

    test("every check passes in a JVM without the agent") {
        report(runJvm(AgentChecksMain::class.java, withAgent = false), "no agent").shouldBeEmpty()
    }

    test("every check passes in a JVM with the OpenTelemetry Java agent") {
        val lines = runJvm(AgentChecksMain::class.java, withAgent = true)
        report(lines, "agent").shouldBeEmpty()
        lines.any { it.startsWith("PASS") } shouldBe true
    }

    test("the same checks fail under the agent alone (our storage not chosen): they can tell") {
        val lines = runJvm(AgentChecksMain::class.java, true, "-Dio.opentelemetry.context.contextStorageProvider=default")
        val failed = report(lines, "agent alone")
        failed.any { it.startsWith("FAIL a scope left open in a pool task is not seen by the next task") } shouldBe true
        failed.any { it.startsWith("FAIL the consumer of an isolated iterator sees its own span") } shouldBe true
    }

    for (agent in listOf(false, true)) {
        val label = if (agent) "with the agent" else "without the agent"
        test("another storage chosen is reported once at the first use, $label") {
            val lines = runJvm(AgentChecksMain::class.java, agent, "-Dio.opentelemetry.context.contextStorageProvider=default", args = listOf("not-ours"))
            report(lines, "not ours, $label").shouldBeEmpty()
            lines.count { it.startsWith("PASS") } shouldBe 1
        }
    }

    for ((transport, what) in listOf("http" to "a java.net.http client JVM to an agent-instrumented JDK HttpServer JVM", "grpc" to "a gRPC client JVM to a gRPC server JVM on Netty, both instrumented by the agent alone")) {
        test("under the agent, our variables cross from $what as baggage entries, 200 concurrent calls") {
            val server = ProcessBuilder(
                File(System.getProperty("java.home"), "bin/java").path, "-Xmx256m", "-javaagent:${agentJar.absolutePath}",
                "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-cp", System.getProperty("java.class.path"), AgentRemoteMain::class.java.name, "server", transport,
            ).redirectErrorStream(true).start()
            val lines = try {
                val out = server.inputStream.bufferedReader()
                val port = CompletableFuture.supplyAsync { generateSequence { out.readLine() }.firstOrNull { it.startsWith("PORT ") } }
                    .get(60, TimeUnit.SECONDS) ?: error("the server JVM ended without listening (exit ${server.waitFor()})")
                Thread { generateSequence { out.readLine() }.forEach { System.err.println("[$transport server] $it") } }.apply { isDaemon = true }.start()
                runJvm(AgentRemoteMain::class.java, true, args = listOf("client", transport, port.removePrefix("PORT ").trim()))
            } finally {
                server.outputStream.close()
                server.waitFor(10, TimeUnit.SECONDS)
                server.destroyForcibly()
                server.waitFor(10, TimeUnit.SECONDS)
            }
            report(lines, "$transport client").shouldBeEmpty()
            lines.count { it.startsWith("PASS") } shouldBe 1
        }
    }

    test("otel.propagators naming extracontext under the agent is reported in one WARNING with the fix") {
        val lines = runJvm(AgentChecksMain::class.java, true, "-Dotel.propagators=tracecontext,baggage,extracontext", args = listOf("propagators"))
        report(lines, "propagators").shouldBeEmpty()
        lines.count { it.startsWith("PASS") } shouldBe 1
    }
})
