package io.extracontext.spi

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.TimeUnit

@OptIn(ExtraContextSpi::class)
class DiagnosticContextSpec : FunSpec({

    test("put, get and remove act on the current context only") {
        copyContext().run {
            DiagnosticContext.put("requestId", "r-1")
            DiagnosticContext.get("requestId") shouldBe "r-1"
            copyContext().run {
                DiagnosticContext.put("requestId", "r-2")
                DiagnosticContext.get("requestId") shouldBe "r-2"
            }
            DiagnosticContext.get("requestId") shouldBe "r-1"
            DiagnosticContext.remove("requestId")
            DiagnosticContext.get("requestId") shouldBe null
        }
    }

    test("clear empties the current context and leaves the caller's entries alone") {
        copyContext().run {
            DiagnosticContext.put("a", "1")
            ContextLocal().run {
                DiagnosticContext.clear()
                DiagnosticContext.snapshot().shouldBeEmpty()
            }
            DiagnosticContext.get("a") shouldBe "1"
        }
    }

    test("the snapshot is immutable, sorted, and the stored map itself when nothing is bound") {
        copyContext().run {
            DiagnosticContext.put("b", "2")
            DiagnosticContext.put("a", "1")
            val snapshot = DiagnosticContext.snapshot()
            snapshot.keys.toList() shouldContainExactly listOf("a", "b")
            DiagnosticContext.snapshot() shouldBeSameInstanceAs snapshot
            // What Java code (a logging framework) would do with the map it was handed.
            @Suppress("PLATFORM_CLASS_MAPPED_TO_KOTLIN", "UNCHECKED_CAST")
            val asJava = snapshot as java.util.Map<String, String?>
            shouldThrow<UnsupportedOperationException> { asJava.put("c", "3") }
            DiagnosticContext.put("c", "3")
            snapshot.size shouldBe 2   // a later put never shows in an earlier snapshot
            snapshot shouldBe mapOf("a" to "1", "b" to "2")
        }
    }

    test("a bound variable shows its value, and an entry put under its key shadows it until removed") {
        val requestId = ContextVar<String>("request_id")
        DiagnosticContext.bind("requestId", requestId)
        try {
            copyContext().run {
                DiagnosticContext.get("requestId") shouldBe null
                requestId.set("r-7")
                DiagnosticContext.get("requestId") shouldBe "r-7"
                DiagnosticContext.snapshot() shouldBe mapOf("requestId" to "r-7")
                DiagnosticContext.put("requestId", "from-mdc")
                DiagnosticContext.get("requestId") shouldBe "from-mdc"
                DiagnosticContext.remove("requestId")
                DiagnosticContext.get("requestId") shouldBe "r-7"
                DiagnosticContext.ownEntries().shouldBeEmpty()
            }
        } finally {
            DiagnosticContext.unbind("requestId")
        }
        DiagnosticContext.boundVariable("requestId") shouldBe null
    }

    test("a null key is refused by put with a message that says what to do, and ignored by reads") {
        copyContext().run {
            val e = shouldThrow<IllegalArgumentException> { DiagnosticContext.put(null, "v") }
            e.message shouldContain "non-null key"
            DiagnosticContext.get(null) shouldBe null
            DiagnosticContext.remove(null)
            DiagnosticContext.pop(null) shouldBe null
        }
    }

    test("replaceAll skips null keys and a null map clears") {
        copyContext().run {
            DiagnosticContext.replaceAll(mapOf(null to "x", "k" to "v", "a" to null))
            DiagnosticContext.snapshot() shouldBe mapOf("a" to null, "k" to "v")
            DiagnosticContext.replaceAll(null)
            DiagnosticContext.snapshot().shouldBeEmpty()
        }
    }

    test("stacks push and pop per context, and a copy keeps the pushes made before it") {
        copyContext().run {
            DiagnosticContext.push("op", "start")
            DiagnosticContext.push("op", "load")
            val child = copyContext()
            DiagnosticContext.stack("op") shouldContainExactly listOf("load", "start")
            DiagnosticContext.pop("op") shouldBe "load"
            child.run { DiagnosticContext.stack("op") } shouldContainExactly listOf("load", "start")
            DiagnosticContext.clearStack("op")
            DiagnosticContext.stack("op") shouldBe emptyList()
            DiagnosticContext.pop("op") shouldBe null
        }
    }

    test("a pool task sees the submitter's entries and leaves nothing on the worker") {
        ContextPreservingExecutor(1).use { pool ->
            val seen = copyContext().run {
                DiagnosticContext.put("requestId", "r-9")
                pool.submit<String?> {
                    DiagnosticContext.put("leak", "x")
                    DiagnosticContext.get("requestId")
                }.get(10, TimeUnit.SECONDS)
            }
            seen shouldBe "r-9"
            pool.submit<Map<String, String?>> { DiagnosticContext.snapshot() }.get(10, TimeUnit.SECONDS).shouldBeEmpty()
        }
    }
})
