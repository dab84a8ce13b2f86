package io.extracontext.test

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class JavaSurfaceSpec : FunSpec({
    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any class of the test module") {
        val root = JavaSurface.classesOf(io.extracontext.test.kotest.ContextLeakListener::class.java)
        JavaSurface.violations(root, "io.extracontext.test.", io.extracontext.test.kotest.ContextLeakListener::class.java.classLoader).joinToString("\n") shouldBe ""
    }
})
