package io.extracontext

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

class GeneratorIsolationSpec : FunSpec({

    for (backend in Backend.entries) {
        context("$backend backend") {

            test("ten interleaved generators each keep their own value across yields (the usage guide's example)") {
                val ctx = ContextLocal(backend)
                val results = mutableListOf<Int>()
                fun contextedGenerator(value: Int) = ctx.sequence {
                    ctx.setAttribute("value", value)
                    yield(Unit)
                    results.add(ctx.getAttribute("value") as Int)
                }
                val generators = (0 until 10).map { contextedGenerator(it).iterator() }
                generators.forEach { it.next() }
                generators.forEach { it.hasNext() }
                results shouldBe (0 until 10).toList()
            }

            test("the caller's values are back after every step, and the body's writes never reach it") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("who", "caller")
                    val steps = ctx.sequence {
                        ctx.getAttribute("who") shouldBe "caller"
                        ctx.setAttribute("who", "body")
                        yield(1)
                        ctx.getAttribute("who") shouldBe "body"
                        yield(2)
                    }.iterator()
                    steps.next() shouldBe 1
                    ctx.getAttribute("who") shouldBe "caller"
                    ctx.setAttribute("who", "caller changed")
                    steps.next() shouldBe 2
                    ctx.getAttribute("who") shouldBe "caller changed"
                }
            }

            test("each iterator of one isolated sequence is its own instance") {
                val ctx = ContextLocal(backend)
                val counter = ctx.sequence {
                    var n = ctx.getAttribute("n", 0) as Int
                    while (true) {
                        n++
                        ctx.setAttribute("n", n)
                        yield(ctx.getAttribute("n"))
                    }
                }
                val first = counter.iterator()
                val second = counter.iterator()
                first.next() shouldBe 1
                first.next() shouldBe 2
                second.next() shouldBe 1
                ctx.hasAttribute("n") shouldBe false
            }

            test("a thousand interleaved iterators never see each other's values") {
                val ctx = ContextLocal(backend)
                val random = Random(42)
                val iterators = (0 until 1000).map { id ->
                    ctx.sequence {
                        ctx.setAttribute("id", id)
                        repeat(3) { step ->
                            ctx.setAttribute("step", step)
                            yield(ctx.getAttribute("id") to ctx.getAttribute("step"))
                        }
                    }.iterator()
                }
                val progress = IntArray(1000)
                repeat(3000) {
                    val candidates = (0 until 1000).filter { progress[it] < 3 }
                    val id = candidates[random.nextInt(candidates.size)]
                    iterators[id].next() shouldBe (id to progress[id])
                    progress[id]++
                    ctx.hasAttribute("id") shouldBe false
                }
            }

            test("an exception from the body propagates with the caller's context intact") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("v", "caller")
                    val failing = ctx.sequence<Int> {
                        ctx.setAttribute("v", "body")
                        throw IllegalArgumentException("from the body")
                    }.iterator()
                    shouldThrow<IllegalArgumentException> { failing.next() }
                    ctx.getAttribute("v") shouldBe "caller"
                }
            }

            test("a scope opened in the body may stay open across a yield and closes at a later step") {
                val ctx = ContextLocal(backend)
                val steps = ctx.sequence {
                    ctx.setAttribute("v", "base")
                    val scope = ctx.enter()
                    ctx.setAttribute("v", "scoped")
                    yield(ctx.getAttribute("v"))
                    yield(ctx.getAttribute("v"))
                    scope.close()
                    yield(ctx.getAttribute("v"))
                }.iterator()
                ctx.run {
                    steps.next() shouldBe "scoped"
                    val callerScope = ctx.enter()
                    ctx.setAttribute("v", "caller")
                    steps.next() shouldBe "scoped"
                    steps.next() shouldBe "base"
                    ctx.getAttribute("v") shouldBe "caller"
                    callerScope.close()
                    ctx.hasAttribute("v") shouldBe false
                }
            }

            test("isolate(iterator) takes its copy when isolate is called") {
                val ctx = ContextLocal(backend)
                ctx.run {
                    ctx.setAttribute("v", 1)
                    val reader = ctx.isolate(generateSequence { ctx.getAttribute("v", null) }.iterator())
                    val writer = ctx.isolate(listOf(7).iterator())
                    writer.next() shouldBe 7
                    reader.next() shouldBe 1
                }
            }
        }
    }

    test("native sequences isolate ContextVars as well") {
        val ctx = ContextLocal()
        val v = ContextVar("v", "caller")
        val body = ctx.sequence {
            v.set("body")
            yield(v.get())
            yield(v.get())
        }.iterator()
        Context().run {
            body.next() shouldBe "body"
            v.get() shouldBe "caller"
            v.set("caller 2")
            body.next() shouldBe "body"
        }
    }
})
