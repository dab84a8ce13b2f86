package io.extracontext.micrometer

import io.extracontext.Context
import io.extracontext.ContextLocal
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.micrometer.context.ContextRegistry
import io.micrometer.context.ContextSnapshotFactory
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Micrometer's `ContextSnapshot` with our accessor: capture, wrap, and scopes nested and out of order. */
class SnapshotSpec : FunSpec({
    val factory = ContextSnapshotFactory.builder().build()
    val clearing = ContextSnapshotFactory.builder().clearMissing(true).build()
    val accessor = ExtraContextAccessor()

    test("the global registry finds the accessor through META-INF/services under the key io.extracontext") {
        val ours = ContextRegistry.getInstance().threadLocalAccessors.filterIsInstance<ExtraContextAccessor>()
        ours.size shouldBe 1
        ours.single().key() shouldBe "io.extracontext"
        ContextRegistry.getInstance().threadLocalAccessors.map { it.key() } shouldContain ExtraContextAccessor.KEY
    }

    test("getValue is a snapshot: writes after it are not in it, and it is never null, even on an empty thread") {
        Executors.newSingleThreadExecutor().let { pool ->
            try {
                pool.submit(Callable { accessor.value }).get(10, TimeUnit.SECONDS).isEmpty() shouldBe true
            } finally {
                pool.shutdown()
            }
        }
        withRequestId("r-1") {
            val snapshot = accessor.value
            requestId.set("r-2")
            snapshot[requestId] shouldBe "r-1"
        }
    }

    test("captureAll().wrap runs the task on another thread in a copy of the captured context, and the worker keeps nothing") {
        val pool = Executors.newSingleThreadExecutor()
        try {
            val task = withRequestId("r-1") {
                factory.captureAll().wrap(
                    Callable {
                        val seen = requestId.get()
                        requestId.set("written by the task")
                        seen
                    },
                )
            }
            pool.submit(task).get(10, TimeUnit.SECONDS) shouldBe "r-1"
            pool.submit(task).get(10, TimeUnit.SECONDS) shouldBe "r-1" // each run starts from the capture again
            probeWorkers(pool, 1) shouldBe listOf(null to null)
        } finally {
            pool.shutdown()
        }
    }

    test("a task that throws inside wrap still leaves the worker's own context in place") {
        val pool = Executors.newSingleThreadExecutor()
        try {
            val workerCell = pool.submit(Callable { requestId.set("worker's own"); installedCell() }).get()
            val task = withRequestId("r-1") { factory.captureAll().wrap(Runnable { error("boom") }) }
            shouldThrow<Exception> { pool.submit(task).get(10, TimeUnit.SECONDS) }
            pool.submit(Callable { installedCell() to requestId.get() }).get() shouldBe (workerCell to "worker's own")
        } finally {
            pool.shutdown()
        }
    }

    test("a capture of an empty context installs the empty context on a worker that has values, with clearMissing false and true") {
        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit(Callable { requestId.set("stale") }).get()
            for (f in listOf(factory, clearing)) {
                val task = f.captureAll().wrap(Callable { requestId.getOrNull() ?: "none" })
                pool.submit(task).get(10, TimeUnit.SECONDS) shouldBe "none"
                pool.submit(Callable { requestId.get() }).get() shouldBe "stale"
            }
        } finally {
            pool.shutdown()
        }
    }

    test("a snapshot without our key clears the context only with clearMissing true, and restores it after") {
        withRequestId("outer") {
            val before = installedCell()
            val noKey = ContextSnapshotFactory.builder().captureKeyPredicate { it != ExtraContextAccessor.KEY }
            noKey.clearMissing(false).build().captureAll().setThreadLocals().use { requestId.get() shouldBe "outer" }
            noKey.clearMissing(true).build().captureAll().setThreadLocals().use { requestId.getOrNull() shouldBe null }
            installedCell() shouldBeSameInstanceAs before
            requestId.get() shouldBe "outer"
        }
    }

    test("setThreadLocals nested and closed in order puts back the very same cell, so a token made before still resets") {
        val token = requestId.set("outer")
        val outerCell = installedCell()
        val a = withRequestId("a") { factory.captureAll() }
        val b = withRequestId("b") { factory.captureAll() }
        a.setThreadLocals().use {
            val aCell = installedCell()
            requestId.get() shouldBe "a"
            b.setThreadLocals().use { requestId.get() shouldBe "b" }
            installedCell() shouldBeSameInstanceAs aCell
            requestId.get() shouldBe "a"
        }
        installedCell() shouldBeSameInstanceAs outerCell
        requestId.get() shouldBe "outer"
        requestId.reset(token) // throws if the current context is not the one the token was made in
        requestId.isSet() shouldBe false
    }

    test("scopes closed out of order: closing the outer one ends the inner one, and the inner close changes nothing") {
        withRequestId("outer") {
            val outerCell = installedCell()
            val outer = withRequestId("a") { factory.captureAll() }.setThreadLocals()
            val inner = withRequestId("b") { factory.captureAll() }.setThreadLocals()
            requestId.get() shouldBe "b"
            outer.close()
            installedCell() shouldBeSameInstanceAs outerCell
            requestId.get() shouldBe "outer"
            inner.close() // its context ended with the outer scope: no stale "a" comes back
            installedCell() shouldBeSameInstanceAs outerCell
            requestId.get() shouldBe "outer"
        }
    }

    test("a scope opened after an out-of-order close still works, and a thousand unbalanced rounds pin nothing") {
        val pool = Executors.newSingleThreadExecutor()
        try {
            val a = withRequestId("a") { factory.captureAll() }
            val b = withRequestId("b") { factory.captureAll() }
            val seen = pool.submit(
                Callable {
                    repeat(1000) {
                        val outer = a.setThreadLocals()
                        val inner = b.setThreadLocals()
                        outer.close()
                        inner.close()
                    }
                    a.setThreadLocals().use { requestId.get() }
                },
            ).get(10, TimeUnit.SECONDS)
            seen shouldBe "a"
            probeWorkers(pool, 1) shouldBe listOf(null to null)
        } finally {
            pool.shutdown()
        }
    }

    test("setValue with no value runs the scope in the empty root and restore puts the caller's cell back") {
        val token = requestId.set("mine")
        val cell = installedCell()
        val previous = accessor.value
        accessor.setValue()
        installedCell() shouldBe null
        requestId.set("inside the cleared scope") // creates a cell of its own, dropped by restore
        accessor.restore(previous)
        installedCell() shouldBeSameInstanceAs cell
        requestId.reset(token)
    }

    test("setValue installs a copy: writes in the scope do not reach the value, which other threads may be installing too") {
        val captured: Context = withRequestId("captured") { copyContext() }
        val previous = accessor.value
        accessor.setValue(captured)
        try {
            requestId.set("changed")
        } finally {
            accessor.restore(previous)
        }
        captured[requestId] shouldBe "captured"
        requestId.isSet() shouldBe false
    }

    test("ContextLocal attributes travel with the context as variables do") {
        val ctx = ContextLocal()
        val pool = Executors.newSingleThreadExecutor()
        try {
            val task = ctx.run {
                ctx.setAttribute("user", "alice")
                factory.captureAll().wrap(Callable { ctx.getAttribute("user") ?: "none" })
            }
            pool.submit(task).get(10, TimeUnit.SECONDS) shouldBe "alice"
        } finally {
            pool.shutdown()
        }
    }

    test("restore with no value ends every scope the accessor opened and installs the root") {
        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit(
                Callable {
                    withRequestId("a") { factory.captureAll() }.setThreadLocals()
                    withRequestId("b") { factory.captureAll() }.setThreadLocals()
                    accessor.restore()
                    installedCell() to requestId.getOrNull()
                },
            ).get(10, TimeUnit.SECONDS) shouldBe (null to null)
        } finally {
            pool.shutdown()
        }
    }
})
