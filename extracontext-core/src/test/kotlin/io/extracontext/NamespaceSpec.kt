package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import kotlin.concurrent.thread

private val delegated = ContextLocal()
private var topLevelUser: String by delegated

private object Request : ContextLocal() {
    var user: String by this
    var attempts: Int by this
}

class NamespaceSpec : FunSpec({

    for (backend in Backend.entries) {
        context("$backend backend") {

            test("attributes are read, listed sorted, tested and deleted by name") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.attributeNames().shouldBeEmpty()
                    ctx.setAttribute("user", "alice")
                    ctx.setAttribute("color", null)
                    ctx.getAttribute("user") shouldBe "alice"
                    ctx.getAttribute("color") shouldBe null
                    ctx.hasAttribute("color") shouldBe true
                    ctx.attributeNames() shouldContainExactly listOf("color", "user")
                    ctx.deleteAttribute("color")
                    ctx.hasAttribute("color") shouldBe false
                    ctx.getAttribute("color", "fallback") shouldBe "fallback"
                }
            }

            test("reading or deleting an attribute that is not set throws naming it") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    shouldThrow<NoSuchElementException> { ctx.getAttribute("missing") }.message shouldBe "Attribute not set: missing"
                    shouldThrow<NoSuchElementException> { ctx.deleteAttribute("missing") }.message shouldBe "Attribute not set: missing"
                }
            }

            test("an attribute set in one thread is invisible to the others") {
                val ctx = ContextLocal(backend)
                val written = CountDownLatch(1)
                val checked = CountDownLatch(1)
                var otherSaw: Boolean? = null
                val writer = thread {
                    ctx.setAttribute("value", "test")
                    written.countDown()
                    checked.await()
                    ctx.deleteAttribute("value")
                }
                written.await()
                thread { otherSaw = ctx.hasAttribute("value") }.join()
                ctx.hasAttribute("value") shouldBe false
                checked.countDown()
                writer.join()
                otherSaw shouldBe false
            }

            test("two namespaces never share attributes") {
                val a = ContextLocal(backend)
                val b = ContextLocal(backend)
                a.run {
                    a.setAttribute("x", 1)
                    b.hasAttribute("x") shouldBe false
                }
            }
        }
    }

    test("property delegation reads and writes attributes named after the property") {
        Request.run {
            Request.user = "bob"
            Request.attempts = 3
            Request.getAttribute("user") shouldBe "bob"
            Request.attempts shouldBe 3
            Request.attributeNames() shouldContainExactly listOf("attempts", "user")
        }
        Request.hasAttribute("user") shouldBe false
    }

    test("a top-level delegated property works like an attribute") {
        delegated.run {
            shouldThrow<NoSuchElementException> { topLevelUser }
            topLevelUser = "carol"
            topLevelUser shouldBe "carol"
            delegated.getAttribute("topLevelUser") shouldBe "carol"
        }
    }
})
