package io.extracontext

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlin.random.Random

/**
 * Random mixes of every operation on several threads at once, each checked after every step
 * against a plain model of what that thread must see. Deterministic per seed; a mismatch names it.
 */
class StressSpec : FunSpec({

    test("eight threads doing random sets, resets, isolations, scopes and snapshots always read their own model") {
        val vars = List(24) { ContextVar<Int>("v$it") }
        val ns = ContextLocal()
        val start = CyclicBarrier(8)
        val mismatches = AtomicInteger()
        val threads = (0 until 8).map { t ->
            thread {
                val random = Random(1000 + t)
                start.await(10, TimeUnit.SECONDS)
                Context().run {
                    var budget = 20_000 // operations per thread in all, however the nesting falls
                    fun step(model: MutableMap<Int, Int>, attrs: MutableMap<String, Int>, depth: Int) {
                        repeat(if (depth == 0) Int.MAX_VALUE else 8) {
                            if (budget-- <= 0) return
                            when (random.nextInt(7)) {
                                0 -> { // set and maybe reset
                                    val i = random.nextInt(vars.size)
                                    val value = random.nextInt()
                                    val old = model[i]
                                    val token = vars[i].set(value)
                                    model[i] = value
                                    if (random.nextBoolean()) {
                                        vars[i].reset(token)
                                        if (old == null) model.remove(i) else model[i] = old
                                    }
                                }
                                1 -> if (depth < 6) ns.run { step(HashMap(model), HashMap(attrs), depth + 1) }
                                2 -> if (depth < 6) ns.enter().use { step(HashMap(model), HashMap(attrs), depth + 1) }
                                3 -> { // a snapshot sees exactly the model, now and after later writes
                                    val snapshot = copyContext()
                                    val frozen = HashMap(model)
                                    vars[0].set(-1).close()
                                    for ((i, v) in vars.withIndex()) if (snapshot[v] != frozen[i]) mismatches.incrementAndGet()
                                }
                                4 -> {
                                    val name = "a${random.nextInt(6)}"
                                    val value = random.nextInt()
                                    ns.setAttribute(name, value)
                                    attrs[name] = value
                                }
                                5 -> {
                                    val name = "a${random.nextInt(6)}"
                                    if (attrs.remove(name) != null) ns.deleteAttribute(name)
                                }
                                else -> { // isolated iterator stepping interleaved with our own writes
                                    val seq = ns.isolate(generateSequence(0) { it + 1 }.map { vars[1].getOrNull() }.iterator())
                                    val expected = model[1]
                                    vars[1].set(12345)
                                    model[1] = 12345
                                    if (seq.next() != expected) mismatches.incrementAndGet()
                                }
                            }
                            for ((i, v) in vars.withIndex()) if (v.getOrNull() != model[i]) mismatches.incrementAndGet()
                            for (n in 0 until 6) if (ns.getAttribute("a$n", null) != attrs["a$n"]) mismatches.incrementAndGet()
                        }
                    }
                    step(HashMap(), HashMap(), 0)
                }
            }
        }
        threads.forEach { it.join() }
        mismatches.get() shouldBe 0
    }

    test("ten thousand tasks on a four-thread pool each see exactly their submitter's value") {
        val v = ContextVar<Int>("task")
        val ns = ContextLocal()
        ContextPreservingExecutor(4).use { pool ->
            val futures = (0 until 10_000).map { i ->
                Context().run {
                    v.set(i)
                    ns.setAttribute("id", i)
                    pool.submit(
                        Callable {
                            val ok = v.get() == i && ns.getAttribute("id") == i
                            v.set(-i) // never seen by the next task on this worker
                            ns.setAttribute("id", -i)
                            ok
                        },
                    )
                }
            }
            futures.count { !it.get() } shouldBe 0
        }
    }
})
