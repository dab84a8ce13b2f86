package io.extracontext.ktor

import io.extracontext.surface.JavaSurface
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class JavaSurfaceTest {
    @Test
    fun `Java sees no internal member, mutable field, internal type or Kotlin-only type of any class of the ktor module`() {
        val root = JavaSurface.classesOf(ExtraContextConfig::class.java)
        assertEquals("", JavaSurface.violations(root, "io.extracontext.ktor.", ExtraContextConfig::class.java.classLoader).joinToString("\n"))
    }
}
