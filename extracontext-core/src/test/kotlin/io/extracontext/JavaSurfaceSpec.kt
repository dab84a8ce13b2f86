package io.extracontext

import io.extracontext.surface.JavaSurface
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.lang.reflect.Modifier
import java.util.concurrent.Callable

class JavaSurfaceSpec : FunSpec({

    test("Java sees no internal member, mutable field, internal type or Kotlin-only type of any public class of core") {
        val root = JavaSurface.classesOf(ContextVar::class.java)
        JavaSurface.violations(root, "io.extracontext.", ContextVar::class.java.classLoader).joinToString("\n") shouldBe ""
    }

    test("the check finds what it is for: an internal field, a Kotlin function type, a missing @JvmStatic") {
        // This spec's own fixtures below break the rules on purpose; the check must name each.
        val root = JavaSurface.classesOf(JavaSurfaceSpec::class.java)
        val found = JavaSurface.violations(root, "io.extracontext.SurfaceFixture", JavaSurfaceSpec::class.java.classLoader)
        found.map { it.substringBefore(" ") } shouldContain "io.extracontext.SurfaceFixtureLeaky.state"
        found.map { it.substringBefore(" ") } shouldContain "io.extracontext.SurfaceFixtureLeaky.run(Function0)"
        found.map { it.substringBefore(" ") } shouldContain "io.extracontext.SurfaceFixtureNoStatics.answer()"
        found.map { it.substringBefore(" ") } shouldContain "io.extracontext.SurfaceFixtureInternalObject.hook"
        found.map { it.substringBefore(" ") } shouldContain "io.extracontext.SurfaceFixtureInternalObject.machinery()"
        found.map { it.substringBefore(" ") } shouldContain "io.extracontext.SurfaceFixtureInternalClass.counter"
        found.size shouldBe 6
    }

    test("a Java caller gets run(Runnable), call(Callable) and no Function0 form on Context and ContextLocal") {
        for (type in listOf(Context::class.java, ContextLocal::class.java)) {
            val runs = type.methods.filter { (it.name == "run" || it.name == "call") && !it.isSynthetic }
            runs.map { it.name to it.parameterTypes.single() }.toSet() shouldBe
                setOf("run" to Runnable::class.java, "call" to Callable::class.java)
        }
        Context::class.java.declaredConstructors.filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic }
            .map { it.parameterCount } shouldBe listOf(0)
    }

    test("in Kotlin, run with a lambda still resolves to the lambda form and returns the block's result") {
        val v = ContextVar<Int>("v")
        val fromContext: Int = Context().run { v.set(41); v.get() + 1 }
        val fromNamespace: Int = ContextLocal().run { 42 }
        fromContext shouldBe 42
        fromNamespace shouldBe 42
        val asValue: Any = Context().run { "lambda form" }
        asValue.shouldBeInstanceOf<String>()
    }

    test("the Java forms run in the context: run(Runnable) writes into it, call(Callable) returns and rethrows") {
        val v = ContextVar<String>("v")
        val ctx = Context()
        ctx.run(Runnable { v.set("java") })
        ctx[v] shouldBe "java"
        ctx.call(Callable { v.get() }) shouldBe "java"
        val local = ContextLocal()
        Context().run {
            local.setAttribute("a", 1)
            local.run(Runnable { local.setAttribute("a", 2) })
            local.call(Callable { local.getAttribute("a") }) shouldBe 1
            val thrown = runCatching { local.call(Callable { throw java.io.IOException("checked") }) }.exceptionOrNull()
            thrown.shouldBeInstanceOf<java.io.IOException>()
        }
    }
})

/** Breaks the Java-surface rules on purpose: the second test checks that each is found. */
public class SurfaceFixtureLeaky {
    @JvmField
    internal var state: Int = 0

    public fun run(block: () -> Int): Int = block() + state
}

/** An object whose member has no static form. */
public object SurfaceFixtureNoStatics {
    public fun answer(): Int = 42
}

/** An internal object with a public mutable static and a member Java can call. */
internal object SurfaceFixtureInternalObject {
    @Volatile
    @JvmField
    var hook: Runnable? = null

    fun machinery(): Int = 1

    @JvmSynthetic
    fun hidden(): Int = 2
}

/** An internal class with a mutable field Java can write. */
internal class SurfaceFixtureInternalClass {
    @JvmField
    var counter: Int = 0
}
