package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.concurrent.Executors

/**
 * The cell's one-entry read caches in coroutines: a coroutine's cell resumed on another
 * thread, and the `withContext(dispatcher)` hand-off, in which the block runs on the same cell on
 * another thread while the caller's thread has not yet put its own cell back. Every write is followed
 * by reads on the other thread, so a cached answer that outlived a write shows up as a wrong value.
 */
class ReadCacheCoroutineStressSpec : FunSpec({

    test("a coroutine resumed on another thread reads what it wrote on the previous one, every time") {
        val v = ContextVar<Int>("v")
        val ns = ContextLocal()
        val a = Executors.newSingleThreadExecutor { Thread(it, "cache-a") }.asCoroutineDispatcher()
        val b = Executors.newSingleThreadExecutor { Thread(it, "cache-b") }.asCoroutineDispatcher()
        try {
            runBlocking(ContextElement()) {
                withTimeout(60_000) {
                    launch(a) {
                        for (i in 1..3_000) {
                            v.get(-1) // cached on thread a
                            ns.getAttribute("x", -1)
                            v.set(i)
                            ns.setAttribute("x", i)
                            // The hand-off: the same cell (withContext without an element keeps it) on b.
                            withContext(b) {
                                check(Thread.currentThread().name.startsWith("cache-b")) { "the block ran on ${Thread.currentThread().name}" }
                                check(v.get() == i) { "on b, read ${v.get()} after a wrote $i" }
                                check(ns.getAttribute("x") == i) { "on b, read attribute ${ns.getAttribute("x")} after a wrote $i" }
                                v.set(-i)
                                ns.setAttribute("x", -i)
                                check(v.get() == -i)
                            }
                            // Resumed on a, whose last read of this cell was before b's write.
                            check(Thread.currentThread().name.startsWith("cache-a")) { "resumed on ${Thread.currentThread().name}" }
                            check(v.get() == -i) { "back on a, read ${v.get()} after b wrote ${-i}" }
                            check(ns.getAttribute("x") == -i) { "back on a, read attribute ${ns.getAttribute("x")} after b wrote ${-i}" }
                        }
                    }.join()
                }
            }
        } finally {
            a.close()
            b.close()
        }
    }

    test("children launched from a coroutine whose cell has a cached read start from the value at launch") {
        val v = ContextVar<Int>("v")
        val a = Executors.newSingleThreadExecutor { Thread(it, "cache-parent") }.asCoroutineDispatcher()
        val b = Executors.newFixedThreadPool(2).asCoroutineDispatcher()
        try {
            runBlocking(ContextElement() + a) {
                withTimeout(60_000) {
                    for (i in 1..1_000) {
                        v.set(i)
                        v.get() shouldBe i // cached in the parent's cell
                        val child = launch(b) {
                            check(v.get() == i) { "child read ${v.get()}, launched at $i" }
                            v.set(-i)
                            check(v.get() == -i)
                        }
                        v.set(i + 1_000_000) // after the launch: the child must not see it, nor the parent the child's
                        child.join()
                        v.get() shouldBe i + 1_000_000
                    }
                }
            }
        } finally {
            a.close()
            b.close()
        }
    }
})
