package io.extracontext

import io.extracontext.ExtraContextSpi
import io.extracontext.spi.CurrentCell
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.lang.ref.WeakReference
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.SynchronousQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread

/**
 * The cell's one-entry read caches against the situations where a stale entry could
 * survive: a cell two threads use at once, an isolated iterator's cell stepped on two threads, and
 * scopes closed out of order. Each test reads between every write, so that a read whose cached
 * answer outlived the write shows up as a wrong value. (The coroutine cases are in the coroutine
 * module's `ReadCacheCoroutineStressSpec`.) Bounded: fixed rounds, barriers with timeouts.
 */
@OptIn(ExtraContextSpi::class)
class ReadCacheStressSpec : FunSpec({

    test("two threads sharing one cell never read a value from before the other thread's write") {
        val v = ContextVar<Int>("v")
        val w = ContextVar<Int>("w")
        val x = ContextVar<Int>("x")
        val ns = ContextLocal()
        val cell = ContextCell.startingFrom(Context())
        val rounds = 3_000
        val barrier = CyclicBarrier(2)
        val writing = java.util.concurrent.atomic.AtomicBoolean()
        val failure = AtomicReference<Throwable?>(null)
        // Set by a thread that failed: the other one may be the racing reader, which loops while
        // `writing` is true, so the failing thread also clears that and breaks the barrier.
        val failed = java.util.concurrent.atomic.AtomicBoolean()
        val threads = (0 until 2).map { me ->
            thread(name = "shared-cell-$me") {
                val previous = CurrentCell.swap(cell)
                try {
                    for (round in 1..rounds) {
                        val last = round * 100 + 99
                        if (round % 2 == me) {
                            writing.set(true)
                            barrier.await(10, TimeUnit.SECONDS)
                            // The writer: many writes, each read back, so the other thread's probes
                            // overlap them; the last one is the value both threads must read after.
                            for (value in round * 100..last) {
                                v.set(value)
                                w.set(-value)
                                x.set(value)
                                ns.setAttribute("a", value)
                                ns.setAttribute("b", -value)
                                check(v.get() == value) { "writer read ${v.get()} after setting $value" }
                            }
                            writing.set(false)
                        } else {
                            barrier.await(10, TimeUnit.SECONDS)
                            // The reader, racing the writer. Three variables and two attributes read
                            // in turn are more than the caches hold, so every read is a miss: a probe
                            // of the map as it was and a store of the hit. A store that lands after
                            // the writer's last write must not be answered afterwards. The reader
                            // stops only after the writer's last write.
                            var floor = if (round == 1) -1 else (round - 1) * 100 + 99
                            var k = 0
                            // One read per look at the flag, so the read in flight during the last
                            // write is the reader's last: nothing of its own overwrites its store.
                            while (writing.get() && !failed.get()) {
                                when (k++ % 5) {
                                    0 -> {
                                        val seen = v.get(-1)
                                        check(seen >= floor && seen <= last) { "racing reader saw $seen in round $round" }
                                        floor = seen
                                    }
                                    1 -> w.get(0)
                                    2 -> x.get(0)
                                    3 -> ns.getAttribute("a", -1)
                                    else -> ns.getAttribute("b", 1)
                                }
                            }
                        }
                        barrier.await(10, TimeUnit.SECONDS)
                        check(v.get() == last) { "thread $me read ${v.get()} after round $round's last write $last" }
                        check(w.get() == -last) { "thread $me read w=${w.get()} after round $round's last write" }
                        check(x.get() == last) { "thread $me read x=${x.get()} after round $round's last write" }
                        check(ns.getAttribute("a") == last) { "thread $me read attribute ${ns.getAttribute("a")} after round $round" }
                        check(ns.getAttribute("b") == -last) { "thread $me read attribute b=${ns.getAttribute("b")} after round $round" }
                        barrier.await(10, TimeUnit.SECONDS)
                    }
                } catch (t: Throwable) {
                    // The first failure is the one reported; the other thread's BrokenBarrierException
                    // (it was freed by the reset below) is only a consequence.
                    failure.compareAndSet(null, t)
                    failed.set(true)
                    writing.set(false)
                    barrier.reset() // frees the other thread at once instead of at its timeout
                } finally {
                    CurrentCell.install(previous)
                }
            }
        }
        threads.forEach { it.join(60_000) }
        threads.forEach { check(!it.isAlive) { "${it.name} still running after 60 s" } }
        // The message itself names the first failure: kotest shows the message, not always the cause.
        failure.get()?.let { throw AssertionError("stale read on a shared cell: ${it.javaClass.simpleName}: ${it.message}", it) }
    }

    test("a hit stored late by a racing reader, from a map older than the last write, is never answered") {
        // The shared-cell race above, replayed step by step on one thread: a reader on another
        // thread read the old map, the owner then wrote, and only then did the reader store its
        // hit (and an attribute hit). The owner's next reads must answer its own writes.
        val v = ContextVar<Int>("v")
        val ns = ContextLocal()
        val cell = ContextCell.startingFrom(Context())
        val previous = CurrentCell.swap(cell)
        try {
            v.set(2)
            ns.setAttribute("a", 2)
            val oldMap = cell.vars
            v.set(3)
            ns.setAttribute("a", 3)
            cell.hit = ReadHit(oldMap, v, 2)
            cell.olderHit = ReadHit(oldMap, v, 2)
            v.get() shouldBe 3
            v.getOrNull() shouldBe 3
            var namespaceVar: Any? = null
            cell.vars.forEach { key, _ -> if (key !== v) namespaceVar = key }
            cell.attributeHit = AttributeHit(oldMap, namespaceVar!!, "a", 2)
            ns.getAttribute("a") shouldBe 3
        } finally {
            CurrentCell.install(previous)
        }
    }

    test("an isolated iterator stepped on two threads in turn reads its own last write at every step") {
        val v = ContextVar<Int>("v")
        val ns = ContextLocal()
        val steps = 2_000
        // Built on this thread: the iterator's cell is a copy of this context, where v is unset.
        val iterator = ns.sequence {
            var expected = -1
            for (i in 0 until steps) {
                check(v.get(-1) == expected) { "step $i read ${v.get(-1)}, expected $expected" }
                check(ns.getAttribute("a", -1) == expected) { "step $i read attribute ${ns.getAttribute("a", -1)}" }
                v.set(i)
                ns.setAttribute("a", i)
                expected = i
                yield(v.get())
            }
        }.iterator()
        val turns = List(2) { SynchronousQueue<Int>() }
        val done = SynchronousQueue<Int>()
        val failure = AtomicReference<Throwable?>(null)
        val threads = (0 until 2).map { me ->
            thread(name = "iterator-$me") {
                // Each thread has its own context, with values the iterator must never see.
                Context().run {
                    v.set(1_000 + me)
                    ns.setAttribute("a", 1_000 + me)
                    try {
                        while (true) {
                            val i = turns[me].poll(10, TimeUnit.SECONDS) ?: error("no turn within 10 s")
                            if (i < 0) break
                            check(v.get() == 1_000 + me) { "thread $me read ${v.get()} before step $i" }
                            check(iterator.next() == i) { "step $i yielded another value" }
                            check(v.get() == 1_000 + me) { "thread $me read ${v.get()} after step $i" }
                            check(ns.getAttribute("a") == 1_000 + me) { "thread $me read the iterator's attribute after step $i" }
                            done.offer(i, 10, TimeUnit.SECONDS)
                        }
                    } catch (t: Throwable) {
                        failure.compareAndSet(null, t)
                        done.offer(-1, 1, TimeUnit.SECONDS)
                    }
                }
            }
        }
        try {
            for (i in 0 until steps) {
                turns[i % 2].offer(i, 10, TimeUnit.SECONDS) shouldBe true
                if (done.poll(10, TimeUnit.SECONDS) != i) break
            }
        } finally {
            turns.forEach { it.offer(-1, 1, TimeUnit.SECONDS) }
            threads.forEach { it.join(30_000) }
        }
        failure.get()?.let { throw AssertionError("stale read in an isolated iterator", it) }
    }

    test("scopes closed out of order on four threads never leave a read answering a closed scope's value") {
        val v = ContextVar<Int>("v")
        val ns = ContextLocal()
        val rounds = 2_000
        val start = CyclicBarrier(4)
        val failures = AtomicInteger()
        val firstFailure = AtomicReference<String?>(null)
        val threads = (0 until 4).map { me ->
            thread(name = "out-of-order-$me") {
                Context().run {
                    try {
                        start.await(10, TimeUnit.SECONDS)
                        for (round in 0 until rounds) {
                            val base = me * 100_000 + round
                            v.set(base)
                            ns.setAttribute("a", base)
                            check(v.get() == base && ns.getAttribute("a") == base) { "base read wrong" }
                            val outer = ns.enter()
                            v.set(base + 1)
                            ns.setAttribute("a", base + 1)
                            check(v.get() == base + 1 && ns.getAttribute("a") == base + 1) { "outer scope read wrong" }
                            val inner = ns.enter()
                            v.set(base + 2)
                            ns.setAttribute("a", base + 2)
                            check(v.get() == base + 2 && ns.getAttribute("a") == base + 2) { "inner scope read wrong" }
                            // Out of order: closes both, restores the base, then throws.
                            val thrown = runCatching { outer.close() }.exceptionOrNull()
                            check(thrown is IllegalStateException) { "out-of-order close did not throw: $thrown" }
                            check(v.get() == base) { "round $round read ${v.get()} after the out-of-order close, expected $base" }
                            check(ns.getAttribute("a") == base) { "round $round read attribute ${ns.getAttribute("a")}, expected $base" }
                            inner.close() // already closed with the outer one: a no-op
                            check(v.get() == base && ns.getAttribute("a") == base) { "round $round: the inner close changed the context" }
                        }
                    } catch (t: Throwable) {
                        failures.incrementAndGet()
                        firstFailure.compareAndSet(null, "thread $me: ${t.message}")
                    }
                }
            }
        }
        threads.forEach { it.join(60_000) }
        firstFailure.get() shouldBe null
        failures.get() shouldBe 0
    }

    test("a value reset and a name no longer read are not kept alive by the read caches") {
        val v = ContextVar<Any>("held")
        val ns = ContextLocal()
        // A cell that stays installed throughout, as a pooled thread's does: what it caches is what counts.
        val cell = ContextCell.startingFrom(Context())
        val previous = CurrentCell.swap(cell)
        fun readAndDrop(): Pair<WeakReference<Any>, WeakReference<String>> {
            val value = Any()
            val name = StringBuilder("dyn").append(42).toString()
            Context().run {
                val token = v.set(value)
                v.get() shouldBe value
                ns.setAttribute(name, value)
                ns.getAttribute(name) shouldBe value
                v.reset(token)
            }
            return WeakReference(value) to WeakReference(name)
        }
        val (value, name) = try {
            readAndDrop().also { v.get("unset") shouldBe "unset" } // a read after the run: nothing of it may stay cached
        } finally {
            CurrentCell.install(previous)
        }
        repeat(50) {
            if (value.get() == null && name.get() == null) return@repeat
            System.gc()
            List(16) { ByteArray(64 * 1024) }
        }
        value.get() shouldBe null
        name.get() shouldBe null
        java.lang.ref.Reference.reachabilityFence(cell) // the cell was alive all along: only its caches could hold them
    }
})
