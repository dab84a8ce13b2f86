package io.extracontext.log4j2

import io.extracontext.log4j2.readme.handle
import io.extracontext.log4j2.readme.startup
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.Collections

/** The module README's Kotlin block is a verbatim part of a compiled example, which runs and logs what the README says. */
class ReadmeSpec : FunSpec({
    val module = Path.of("").toAbsolutePath()

    fun lines(text: String) = text.lines().map { it.trim() }.filter { it.isNotEmpty() }

    test("the README's Kotlin block is a verbatim part of ReadmeExample.kt") {
        val readme = Files.readString(module.resolve("README.md"))
        val blocks = Regex("```kotlin\\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme).map { it.groupValues[1] }.toList()
        blocks.size shouldBe 1
        val source = Files.readString(module.resolve("src/test/kotlin/io/extracontext/log4j2/readme/ReadmeExample.kt"))
        Collections.indexOfSubList(lines(source), lines(blocks[0])) shouldBeGreaterThanOrEqual 0
    }

    test("the README's Ktor interceptor line is the one KtorServerProofSpec runs") {
        val readme = Files.readString(module.resolve("README.md"))
        val ktor = Regex("```\\n(intercept\\(.*?)```", RegexOption.DOT_MATCHES_ALL).find(readme)!!.groupValues[1]
        val source = Files.readString(module.resolve("src/test/kotlin/io/extracontext/log4j2/KtorServerProofSpec.kt"))
        Collections.indexOfSubList(lines(source), lines(ktor)) shouldBeGreaterThanOrEqual 0
    }

    test("the README's example logs what its comments say") {
        Capture("%X{requestId} %X{user} %m", loggerName = "orders").use { capture ->
            try {
                startup()
                handle("r-1") shouldBe "r-1"
            } finally {
                ContextThreadContext.unbind("user")
            }
            capture.texts() shouldContainExactly listOf("r-1 alice loading")
        }
    }
})
