package io.extracontext.ktor

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * OpenTelemetry is optional: only the classes of the `propagator` file may name it, so the plugins
 * load and run without it (the JVM resolves a class's references when that class is loaded).
 */
class OptionalDependenciesTest {
    @Test
    fun `only the propagator file's classes refer to OpenTelemetry or extracontext-opentelemetry`() {
        val classes = Path.of(ExtraContextConfig::class.java.protectionDomain.codeSource.location.toURI()).resolve("io/extracontext/ktor")
        val referring = Files.list(classes).use { files ->
            files.filter { it.toString().endsWith(".class") }
                .filter { String(Files.readAllBytes(it), StandardCharsets.ISO_8859_1).contains("io/opentelemetry/") || String(Files.readAllBytes(it), StandardCharsets.ISO_8859_1).contains("io/extracontext/opentelemetry/") }
                .map { it.fileName.toString() }
                .toList()
                .sorted()
        }
        assertEquals(true, referring.isNotEmpty(), "the propagator file itself refers to it")
        assertEquals(emptyList<String>(), referring.filterNot { it.startsWith("OpenTelemetryPropagation") || it.startsWith("RequestSetter") })
    }
}
