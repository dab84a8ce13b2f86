package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class ContextVarSpec : FunSpec({

    test("get returns the value set in the current context") {
        val v = ContextVar<String>("user")
        copyContext().run {
            v.set("alice")
            v.get() shouldBe "alice"
        }
    }

    test("get falls back to the default and then throws naming the variable") {
        val withDefault = ContextVar("color", "red")
        val without = ContextVar<String>("shape")
        copyContext().run {
            withDefault.get() shouldBe "red"
            val e = shouldThrow<NoSuchElementException> { without.get() }
            e.message shouldContain "'shape'"
        }
    }

    test("get with an argument ignores the variable's default") {
        val v = ContextVar("color", "red")
        copyContext().run {
            v.get("blue") shouldBe "blue"
            v.set("green")
            v.get("blue") shouldBe "green"
        }
    }

    test("a null value is a value, not an absence") {
        val v = ContextVar<String?>("nullable", "default")
        copyContext().run {
            v.set(null)
            v.get() shouldBe null
            v.isSet() shouldBe true
        }
    }

    test("reset removes a variable that had no value before") {
        val v = ContextVar<Int>("n")
        copyContext().run {
            val t = v.set(1)
            t.oldValue shouldBe Token.MISSING
            v.reset(t)
            v.isSet() shouldBe false
        }
    }

    test("reset restores the previous value also after later writes") {
        val v = ContextVar<Int>("n")
        val w = ContextVar<Int>("m")
        copyContext().run {
            v.set(1)
            val t = v.set(2)
            t.oldValue shouldBe 1
            w.set(5)
            v.reset(t)
            v.get() shouldBe 1
            w.get() shouldBe 5
        }
    }

    test("a token used twice throws IllegalStateException naming the variable") {
        val v = ContextVar<Int>("counter")
        copyContext().run {
            val t = v.set(1)
            t.close()
            val e = shouldThrow<IllegalStateException> { v.reset(t) }
            e.message shouldContain "'counter'"
        }
    }

    test("a token of another variable throws IllegalArgumentException") {
        val a = ContextVar<Int>("a")
        val b = ContextVar<Int>("b")
        copyContext().run {
            val t = a.set(1)
            val e = shouldThrow<IllegalArgumentException> { b.reset(t) }
            e.message shouldContain "'a'"
            e.message shouldContain "'b'"
            a.reset(t)
        }
    }

    test("a token created in another context throws IllegalArgumentException") {
        val v = ContextVar<Int>("n")
        val token = copyContext().run { v.set(1) }
        copyContext().run {
            val e = shouldThrow<IllegalArgumentException> { v.reset(token) }
            e.message shouldContain "different Context"
        }
    }

    test("withValue restores in finally, also when the block throws") {
        val v = ContextVar("mode", "normal")
        copyContext().run {
            shouldThrow<IllegalStateException> { v.withValue("debug") { error("boom") } }
            v.get() shouldBe "normal"
            v.withValue("debug") { v.get() } shouldBe "debug"
            v.isSet() shouldBe false
        }
    }

    test("two variables with the same name are different variables") {
        val a = ContextVar<Int>("x")
        val b = ContextVar<Int>("x")
        copyContext().run {
            a.set(1)
            b.isSet() shouldBe false
        }
    }
})
