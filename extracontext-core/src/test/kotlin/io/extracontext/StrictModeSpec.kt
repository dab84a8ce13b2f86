package io.extracontext

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File
import java.util.concurrent.TimeUnit

/** Prints StrictMode.enabled as the JVM sees it at start-up; run in a child JVM by the spec below. */
object PrintStrictMode {
    @JvmStatic
    fun main(args: Array<String>) {
        print(StrictMode.enabled)
    }
}

private fun strictModeInChildJvm(vararg jvmArgs: String): String {
    val java = File(System.getProperty("java.home"), "bin/java").path
    val command = listOf(java, *jvmArgs, "-cp", System.getProperty("java.class.path"), PrintStrictMode::class.java.name)
    val process = ProcessBuilder(command).redirectErrorStream(true).start()
    check(process.waitFor(60, TimeUnit.SECONDS)) { "child JVM did not finish" }
    return process.inputStream.bufferedReader().readText().trim()
}

class StrictModeSpec : FunSpec({

    test("strict mode is off by default and starts on when the system property extracontext.strict is true") {
        strictModeInChildJvm() shouldBe "false"
        strictModeInChildJvm("-Dextracontext.strict=true") shouldBe "true"
        strictModeInChildJvm("-Dextracontext.strict=yes") shouldBe "false"
    }

    test("strict mode can be switched at run time") {
        val before = StrictMode.enabled
        try {
            StrictMode.enabled = true
            StrictMode.enabled shouldBe true
            StrictMode.enabled = false
            StrictMode.enabled shouldBe false
        } finally {
            StrictMode.enabled = before
        }
    }
})
