package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.Execution
import io.extracontext.ExtraContextSpi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

@OptIn(ExtraContextSpi::class)
class VariablesSpec : FunSpec({
    val withDefault = ContextVar("with-default", "none")
    val noDefault = ContextVar<String>("no-default")

    test("a read for a write answers what get() answers: the value, else the default") {
        Context().run {
            Variables.readForWrite(withDefault) shouldBe "none"
            withDefault.set("r-1")
            Variables.readForWrite(withDefault) shouldBe "r-1"
            withDefault.get() shouldBe "r-1"
        }
    }

    test("a read for a write of an unset variable with no default throws as get() does") {
        Context().run {
            shouldThrow<NoSuchElementException> { Variables.readForWrite(noDefault) }.message shouldContain "no-default"
        }
    }

    test("a read for a write that misses leaves no entry in the read cache, and one that hits uses it") {
        Context().run {
            noDefault.set("r-2")
            val cell = Execution.currentCell()!!
            Variables.readForWrite(noDefault) shouldBe "r-2"
            cell.hit shouldBe null
            noDefault.get() shouldBe "r-2"
            val hit = cell.hit
            Variables.readForWrite(noDefault) shouldBe "r-2"
            (cell.hit === hit) shouldBe true
        }
    }
})
