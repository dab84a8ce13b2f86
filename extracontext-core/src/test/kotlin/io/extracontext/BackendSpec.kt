package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class BackendSpec : FunSpec({

    test("backends are found by name, ignoring case") {
        Backend.of("native") shouldBe Backend.NATIVE
        Backend.of("pure") shouldBe Backend.PURE
        Backend.of("PURE") shouldBe Backend.PURE
    }

    test("an unknown backend name is refused with the list of valid ones") {
        val e = shouldThrow<IllegalArgumentException> { Backend.of("python") }
        e.message shouldContain "'python'"
        e.message shouldContain "native, pure"
    }

    test("native is the default backend") {
        ContextLocal().backend shouldBe Backend.NATIVE
        ContextMap().backend shouldBe Backend.NATIVE
        ContextLocal(Backend.PURE).backend shouldBe Backend.PURE
    }
})
