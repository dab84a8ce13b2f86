package io.extracontext.slf4j

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.slf4j.readme.handle
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import org.slf4j.MDC
import java.nio.file.Files
import java.nio.file.Path

/** The README's Kotlin block is a verbatim part of the compiled `readme/ReadmeSnippet.kt`, and does what its comments say. */
class ReadmeSnippetSpec : FunSpec({
    fun lines(text: String) = text.lines().map { it.trim() }.filter { it.isNotEmpty() }

    test("the README's Kotlin block is a verbatim part of the compiled snippet") {
        val readme = Files.readString(Path.of("README.md"))
        val blocks = Regex("```kotlin\\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme).map { it.groupValues[1] }.toList()
        blocks.size shouldBe 1
        val source = lines(Files.readString(Path.of("src/test/kotlin/io/extracontext/slf4j/readme/ReadmeSnippet.kt")))
        java.util.Collections.indexOfSubList(source, lines(blocks[0])) shouldBe (source.indexOf("private val log = LoggerFactory.getLogger(\"app\")"))
    }

    test("the README's snippet sees its request id and bound user on every thread and leaves nothing behind") {
        ContextPreservingExecutor(1).use { pool ->
            try {
                handle("r-1", pool) shouldContainExactly listOf("r-1", "r-1/alice")
            } finally {
                ContextMdc.unbind("user")
            }
            ContextLocal().run { MDC.get("requestId").shouldBeNull() }
        }
    }
})
