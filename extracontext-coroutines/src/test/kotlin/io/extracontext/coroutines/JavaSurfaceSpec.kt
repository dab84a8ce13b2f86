package io.extracontext.coroutines

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class JavaSurfaceSpec : FunSpec({
    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any public class of the coroutines module") {
        // The module is for Kotlin: its suspending and Flow members are hidden from Java, its
        // element's kotlinx callbacks and its constructors are what Kotlin cannot hide.
        val root = JavaSurface.classesOf(ContextElement::class.java)
        JavaSurface.violations(root, "io.extracontext.coroutines.", ContextElement::class.java.classLoader).joinToString("\n") shouldBe ""
    }
})
