package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

class ContextMapSpec : FunSpec({

    for (backend in Backend.entries) {
        context("$backend backend") {

            test("map access and attribute access are the same store") {
                val ctx = ContextMap(backend = backend)
                ctx.run {
                    ctx["value"] = "test"
                    ctx.getAttribute("value") shouldBe "test"
                    ctx.setAttribute("other", 2)
                    ctx["other"] shouldBe 2
                }
            }

            test("get of a missing key is null and getValue throws NoSuchElementException") {
                val ctx = ContextMap(backend = backend)
                ctx.run {
                    ctx["missing"] shouldBe null
                    shouldThrow<NoSuchElementException> { ctx.getValue("missing") }
                }
            }

            test("initial entries are defaults in every context until set or deleted there") {
                val ctx = ContextMap(mapOf("color" to "red", "font" to "arial"), backend)
                ctx["color"] shouldBe "red"
                ctx.run {
                    ctx["color"] = "blue"
                    ctx.remove("font") shouldBe "arial"
                    ctx.containsKey("font") shouldBe false
                    ctx.toMap() shouldBe mapOf("color" to "blue")
                }
                ctx.toMap() shouldBe mapOf("color" to "red", "font" to "arial")
            }

            test("keys iterate in sorted order and the map equals a plain map with the same entries") {
                val ctx = ContextMap(mapOf("b" to 2), backend)
                ctx.run {
                    ctx["c"] = 3
                    ctx["a"] = 1
                    ctx.keys.toList() shouldContainExactly listOf("a", "b", "c")
                    ctx.values.toList() shouldContainExactly listOf(1, 2, 3)
                    (ctx == mapOf("a" to 1, "b" to 2, "c" to 3)) shouldBe true
                    (mapOf("a" to 1, "b" to 2, "c" to 3) == ctx.toMap()) shouldBe true
                    ctx.hashCode() shouldBe mapOf("a" to 1, "b" to 2, "c" to 3).hashCode()
                    ctx shouldNotBe mapOf("a" to 1)
                    ctx.toString() shouldBe "{a=1, b=2, c=3}"
                }
            }

            test("every mapping method works: put, putAll, putIfAbsent, getOrDefault, pop, setdefault, clear") {
                val ctx = ContextMap(backend = backend)
                ctx.run {
                    ctx.put("a", 1) shouldBe null
                    ctx.put("a", 2) shouldBe 1
                    ctx.putAll(mapOf("b" to 3, "c" to null))
                    ctx.putIfAbsent("a", 99) shouldBe 2
                    ctx.putIfAbsent("d", 4) shouldBe null
                    ctx.getOrDefault("zz", "fallback") shouldBe "fallback"
                    ctx.getOrPut("e") { 5 } shouldBe 5 // Python's setdefault
                    ctx.containsValue(null) shouldBe true
                    ctx.size shouldBe 5
                    ctx.remove("b") shouldBe 3 // Python's pop
                    ctx.remove("b") shouldBe null
                    ctx.isEmpty() shouldBe false
                    ctx.clear()
                    ctx.isEmpty() shouldBe true
                    ctx.size shouldBe 0
                }
            }

            test("entry setValue and iterator remove write to the current context only") {
                val ctx = ContextMap(mapOf("keep" to 0), backend)
                ctx.run {
                    ctx["a"] = 1
                    ctx["b"] = 2
                    ctx.run {
                        for (entry in ctx.entries) if (entry.key == "a") entry.setValue(10)
                        val keys = ctx.keys.iterator()
                        while (keys.hasNext()) if (keys.next() == "b") keys.remove()
                        val values = ctx.values.iterator()
                        while (values.hasNext()) if (values.next() == 0) values.remove()
                        ctx.toMap() shouldBe mapOf("a" to 10)
                        ctx.keys.remove("a") shouldBe true
                        ctx.keys.remove("a") shouldBe false
                    }
                    ctx.toMap() shouldBe mapOf("a" to 1, "b" to 2, "keep" to 0)
                }
            }

            test("an iterator's remove without a preceding next throws IllegalStateException") {
                val ctx = ContextMap(mapOf("a" to 1), backend)
                shouldThrow<IllegalStateException> { ctx.keys.iterator().remove() }
            }

            test("adding through a view is refused with a message saying to use put") {
                val ctx = ContextMap(backend = backend)
                shouldThrow<UnsupportedOperationException> { ctx.keys.add("x") }.message shouldBe
                    "Add to a ContextMap through put(), not through its keys"
            }

            test("delegated properties and map access share one store") {
                val ctx = ContextMap(mapOf("user" to "guest"), backend)
                var user: String by ctx
                ctx.run {
                    user shouldBe "guest"
                    user = "alice"
                    ctx["user"] shouldBe "alice"
                }
                user shouldBe "guest"
            }
        }
    }
})
