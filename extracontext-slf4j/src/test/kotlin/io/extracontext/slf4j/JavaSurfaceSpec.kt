package io.extracontext.slf4j

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class JavaSurfaceSpec : FunSpec({
    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any class of the slf4j module") {
        val root = JavaSurface.classesOf(ExtraContextServiceProvider::class.java)
        JavaSurface.violations(root, "io.extracontext.slf4j.", ExtraContextServiceProvider::class.java.classLoader).joinToString("\n") shouldBe ""
    }
})
