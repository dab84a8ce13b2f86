package io.extracontext.micrometer

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class JavaSurfaceSpec : FunSpec({
    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any class of the micrometer module") {
        val root = JavaSurface.classesOf(ExtraContextAccessor::class.java)
        JavaSurface.violations(root, "io.extracontext.micrometer.", ExtraContextAccessor::class.java.classLoader).joinToString("\n") shouldBe ""
    }
})
