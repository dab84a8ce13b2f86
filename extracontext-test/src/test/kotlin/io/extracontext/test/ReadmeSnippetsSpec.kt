package io.extracontext.test

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.Collections

/**
 * The module README's code blocks are copies of compiled, running code: each must appear, line for
 * line (indentation aside), in its source file, so the documentation cannot rot.
 */
class ReadmeSnippetsSpec : FunSpec({
    val readme = Files.readString(Path.of("README.md"))

    fun blocks(language: String): List<String> = Regex("```$language\\n(.*?)```", RegexOption.DOT_MATCHES_ALL).findAll(readme).map { it.groupValues[1] }.toList()

    fun lines(text: String): List<String> = text.lines().map(String::trim).filter(String::isNotEmpty)

    fun isPartOf(block: String, source: String): Boolean = Collections.indexOfSubList(lines(Files.readString(Path.of(source))), lines(block)) >= 0

    test("the Java block is part of the compiled, running ReadmeJavaTest") {
        val java = blocks("java")
        java shouldHaveSize 1
        isPartOf(java[0], "src/test/java/io/extracontext/test/ReadmeJavaTest.java") shouldBe true
    }

    test("the Kotlin block is part of the compiled, running ReadmeKotlinSpec") {
        val kotlin = blocks("kotlin")
        kotlin shouldHaveSize 1
        isPartOf(kotlin[0], "src/test/kotlin/io/extracontext/test/ReadmeKotlinSpec.kt") shouldBe true
    }
})
