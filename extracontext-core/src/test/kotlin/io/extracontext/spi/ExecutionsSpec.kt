package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

@OptIn(ExtraContextSpi::class)
class ExecutionsSpec : FunSpec({
    val requestId = ContextVar<String>("request_id")

    fun cellWith(value: String): ContextCell = copyContext().run {
        requestId.set(value)
        ContextCell.startingFrom(copyContext())
    }

    test("an entered cell is current until its scope closes, and the cell from before is back after") {
        val before = CurrentCell.get()
        val cell = cellWith("r-1")
        Executions.enter(cell).use {
            CurrentCell.get() shouldBeSameInstanceAs cell
            requestId.get() shouldBe "r-1"
            requestId.set("r-2") // a write of the entered execution, gone with it
        }
        CurrentCell.get() shouldBeSameInstanceAs before
        requestId.getOrNull() shouldBe null
        cell.snapshot().run { requestId.get() } shouldBe "r-2"
    }

    test("entering null makes the empty root current, and closing twice does nothing") {
        val outer = cellWith("outer")
        Executions.enter(outer).use {
            val root = Executions.enter(null)
            CurrentCell.get() shouldBe null
            requestId.getOrNull() shouldBe null
            root.close()
            root.close()
            CurrentCell.get() shouldBeSameInstanceAs outer
        }
    }

    test("closing a scope out of order closes the scopes entered after it, restores the cell from before it, and throws") {
        val before = CurrentCell.get()
        val outer = Executions.enter(cellWith("a"))
        val middle = Executions.enter(cellWith("b"))
        val inner = Executions.enter(cellWith("c"))
        val error = shouldThrow<IllegalStateException> { outer.close() }
        error.message shouldContain "2 scope(s) opened inside it were still open"
        CurrentCell.get() shouldBeSameInstanceAs before
        inner.close() // closed with the outer one: nothing happens
        middle.close()
        CurrentCell.get() shouldBeSameInstanceAs before
    }

    test("with OnMisuse.LOG an out-of-order close logs at FINE instead of throwing and leaves the same state") {
        val logger = Logger.getLogger("io.extracontext")
        val records = ArrayList<LogRecord>()
        val handler = object : Handler() {
            override fun publish(record: LogRecord) {
                synchronized(records) { records += record }
            }
            override fun flush() {}
            override fun close() {}
        }
        val level = logger.level
        logger.level = Level.FINE
        logger.addHandler(handler)
        try {
            val before = CurrentCell.get()
            val outer = Executions.enter(cellWith("a"), Executions.OnMisuse.LOG)
            val inner = Executions.enter(cellWith("b"), Executions.OnMisuse.LOG)
            outer.close()
            CurrentCell.get() shouldBeSameInstanceAs before
            inner.close()
            CurrentCell.get() shouldBeSameInstanceAs before
        } finally {
            logger.removeHandler(handler)
            logger.level = level
        }
        records.map { it.level } shouldBe listOf(Level.FINE)
        records.single().message shouldContain "out of order"
    }

    test("closing a scope on another thread throws and changes nothing there or here; it still closes on its own") {
        val before = CurrentCell.get()
        val cell = cellWith("mine")
        val scope = Executions.enter(cell)
        try {
            val pool = Executors.newSingleThreadExecutor()
            try {
                val outcome = pool.submit<String> {
                    val error = runCatching { scope.close() }.exceptionOrNull()
                    "${error?.javaClass?.simpleName}: ${CurrentCell.get()}"
                }.get(10, TimeUnit.SECONDS)
                outcome shouldBe "IllegalStateException: null"
            } finally {
                pool.shutdown()
            }
            CurrentCell.get() shouldBeSameInstanceAs cell
        } finally {
            scope.close()
        }
        CurrentCell.get() shouldBeSameInstanceAs before
    }

    test("exitAll ends every entered scope and makes the root current; their later closes do nothing") {
        val pool = Executors.newSingleThreadExecutor()
        try {
            pool.submit<String> {
                val first = Executions.enter(cellWith("a"))
                val second = Executions.enter(cellWith("b"))
                Executions.exitAll()
                val afterExit = CurrentCell.get()
                second.close()
                first.close()
                "$afterExit ${CurrentCell.get()} ${requestId.getOrNull()}"
            }.get(10, TimeUnit.SECONDS) shouldBe "null null null"
        } finally {
            pool.shutdown()
        }
    }

    test("switchTo and switchBack install what they are given, whatever was entered between them") {
        val before = CurrentCell.get()
        val cell = cellWith("switched")
        val previous = Executions.switchTo(cell)
        try {
            requestId.get() shouldBe "switched"
        } finally {
            Executions.switchBack(previous)
        }
        CurrentCell.get() shouldBeSameInstanceAs before
    }

    test("a context run inside an entered scope belongs to the entered execution and ends with the run") {
        Executions.enter(cellWith("entered")).use {
            Context().run {
                requestId.set("inner")
                requestId.get() shouldBe "inner"
            }
            requestId.get() shouldBe "entered"
        }
    }
})
