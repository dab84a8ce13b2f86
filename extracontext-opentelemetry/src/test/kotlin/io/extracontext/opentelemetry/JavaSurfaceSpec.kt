package io.extracontext.opentelemetry

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class JavaSurfaceSpec : FunSpec({
    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any class of the opentelemetry module") {
        val root = JavaSurface.classesOf(ExtraContextPropagatorProvider::class.java)
        // Left: Builder's internal constructor (Kotlin cannot give a nested class a constructor
        // that only its outer class may call); builder() is the way in.
        val known = "io.extracontext.opentelemetry.ContextVarPropagator\$Builder.<init>()"
        JavaSurface.violations(root, "io.extracontext.opentelemetry.", ExtraContextPropagatorProvider::class.java.classLoader)
            .filterNot { it.startsWith("$known ") }
            .joinToString("\n") shouldBe ""
    }
})
