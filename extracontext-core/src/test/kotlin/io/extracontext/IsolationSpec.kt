package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class IsolationSpec : FunSpec({

    for (backend in Backend.entries) {
        context("$backend backend") {

            test("the decorator isolates a function: its changes are never visible to the caller") {
                val ctx = ContextLocal(backend)
                val isolatedExample = ctx.wrap {
                    ctx.setAttribute("value", 2)
                    ctx.getAttribute("value")
                }
                ctx.run {
                    ctx.setAttribute("value", 1)
                    isolatedExample() shouldBe 2
                    ctx.getAttribute("value") shouldBe 1
                }
            }

            test("wrapped functions of one and two arguments run isolated and return their result") {
                val ctx = ContextLocal(backend)
                val one = ctx.wrap { x: Int -> ctx.setAttribute("last", x); x + 1 }
                val two = ctx.wrap { a: Int, b: Int -> ctx.setAttribute("last", a + b); a * b }
                ctx.run {
                    ctx.setAttribute("last", 0)
                    one(41) shouldBe 42
                    two(6, 7) shouldBe 42
                    ctx.getAttribute("last") shouldBe 0
                }
            }

            test("the block sees the caller's values and keeps its writes and deletes from the caller, also when it throws") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("a", 1)
                    ctx.setAttribute("b", 2)
                    shouldThrow<IllegalStateException> {
                        ctx.run {
                            ctx.getAttribute("a") shouldBe 1
                            ctx.setAttribute("a", 10)
                            ctx.deleteAttribute("b")
                            error("fail inside")
                        }
                    }
                    ctx.getAttribute("a") shouldBe 1
                    ctx.getAttribute("b") shouldBe 2
                }
            }

            test("a with-block scope restores the values from before it") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("value", 1)
                    ctx.enter().use {
                        ctx.setAttribute("value", 2)
                        ctx.getAttribute("value") shouldBe 2
                    }
                    ctx.getAttribute("value") shouldBe 1
                }
            }

            test("with-block scopes are re-entrant and nest") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("depth", 0)
                    ctx.enter().use {
                        ctx.setAttribute("depth", 1)
                        ctx.enter().use {
                            ctx.setAttribute("depth", 2)
                            ctx.enter().use { ctx.getAttribute("depth") shouldBe 2 }
                        }
                        ctx.getAttribute("depth") shouldBe 1
                    }
                    ctx.getAttribute("depth") shouldBe 0
                }
            }

            test("scopes of two namespaces interleave") {
                val a = ContextLocal(backend)
                val b = ContextLocal(backend)
                a.run {
                    b.run {
                        a.setAttribute("v", "a0")
                        b.setAttribute("v", "b0")
                        val sa = a.enter()
                        a.setAttribute("v", "a1")
                        val sb = b.enter()
                        b.setAttribute("v", "b1")
                        sb.close()
                        b.getAttribute("v") shouldBe "b0"
                        a.getAttribute("v") shouldBe "a1"
                        sa.close()
                        a.getAttribute("v") shouldBe "a0"
                    }
                }
            }

            test("a delete hides the name in its scope only; the outer value never shows through there") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("user", "outer")
                    ctx.run {
                        ctx.deleteAttribute("user")
                        ctx.hasAttribute("user") shouldBe false
                        ctx.getAttribute("user", "none") shouldBe "none"
                        ctx.attributeNames().contains("user") shouldBe false
                        shouldThrow<NoSuchElementException> { ctx.deleteAttribute("user") }
                        ctx.setAttribute("user", "again")
                        ctx.getAttribute("user") shouldBe "again"
                    }
                    ctx.getAttribute("user") shouldBe "outer"
                }
            }

            test("deletes at several levels: a child deletes, a grandchild sets, the child still sees it deleted") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("x", "top")
                    ctx.run {
                        ctx.deleteAttribute("x")
                        ctx.run {
                            ctx.hasAttribute("x") shouldBe false
                            ctx.setAttribute("x", "grandchild")
                            ctx.run {
                                ctx.deleteAttribute("x")
                                ctx.hasAttribute("x") shouldBe false
                            }
                            ctx.getAttribute("x") shouldBe "grandchild"
                        }
                        ctx.hasAttribute("x") shouldBe false
                    }
                    ctx.getAttribute("x") shouldBe "top"
                }
            }

            test("isolation nests a hundred levels deep and unwinds to each level's own value") {
                val ctx = ContextLocal(backend)
                fun descend(level: Int) {
                    if (level == 100) return
                    ctx.run {
                        ctx.setAttribute("level", level)
                        descend(level + 1)
                        ctx.getAttribute("level") shouldBe level
                    }
                }
                ctx.run {
                    descend(0)
                    ctx.hasAttribute("level") shouldBe false
                }
            }
        }
    }

    test("native isolation copies the whole context: ContextVars and other namespaces are isolated too") {
        val ctx = ContextLocal(Backend.NATIVE)
        val other = ContextLocal(Backend.NATIVE)
        val v = ContextVar("v", "outer")
        Context().run {
            ctx.run {
                v.set("inner")
                other.setAttribute("o", 1)
            }
            v.get() shouldBe "outer"
            other.hasAttribute("o") shouldBe false
        }
    }

    test("pure isolation covers only its own namespace: what the block writes elsewhere stays") {
        val ctx = ContextLocal(Backend.PURE)
        val native = ContextLocal(Backend.NATIVE)
        val v = ContextVar("v", "outer")
        Context().run {
            ctx.run {
                v.set("written inside")
                native.setAttribute("n", 1)
            }
            v.get() shouldBe "written inside"
            native.getAttribute("n") shouldBe 1
        }
    }

    test("pure lookups see live outer values; native ones see the copy taken at isolation") {
        val pure = ContextLocal(Backend.PURE)
        val native = ContextLocal(Backend.NATIVE)
        pure.run {
            native.run {
                pure.setAttribute("v", "before")
                native.setAttribute("v", "before")
                val pureIterator = pure.isolate(generateSequence { pure.getAttribute("v") }.iterator())
                val nativeIterator = native.isolate(generateSequence { native.getAttribute("v") }.iterator())
                pure.setAttribute("v", "after")
                native.setAttribute("v", "after")
                pureIterator.next() shouldBe "after"
                nativeIterator.next() shouldBe "before"
            }
        }
    }
})
