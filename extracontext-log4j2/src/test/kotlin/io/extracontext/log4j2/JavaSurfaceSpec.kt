package io.extracontext.log4j2

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class JavaSurfaceSpec : FunSpec({
    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any class of the log4j2 module") {
        val root = JavaSurface.classesOf(ContextThreadContextMap::class.java)
        JavaSurface.violations(root, "io.extracontext.log4j2.", ContextThreadContextMap::class.java.classLoader).joinToString("\n") shouldBe ""
    }
})
