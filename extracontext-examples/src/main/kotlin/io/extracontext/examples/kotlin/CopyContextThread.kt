package io.extracontext.examples.kotlin

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.examples.Transcript
import kotlin.concurrent.thread

/**
 * Copying a context into a new thread, in Kotlin: a new thread starts empty;
 * `copyContext()` is an O(1) snapshot the thread runs in with `ctx.run { }`. Writes after the copy,
 * on either side, do not cross over.
 */
private val ctxVar = ContextVar("marker", "none")
private val variable = ContextVar("var", "Hello!")

fun main() {
    val out = Transcript()
    ctxVar.withValue("main-context") {                       // set, run, reset in finally
        thread { out.println("Plain thread sees: ${ctxVar.get()}") }.join()
        val ctx = copyContext()
        thread { ctx.run { out.println("Thread sees: ${ctxVar.get()}") } }.join()
    }

    Context().run {                                          // a context of its own: the sets below leave no trace
        out.println("var.get() = ${variable.get()}")
        variable.set("Hello, World!")
        out.println("In original context before copy: ${variable.get()}")
        val copy = copyContext()
        variable.set("Hello, Pythonista!")
        out.println("In original context after set(): ${variable.get()}")
        copy.run { out.println("Inside copied context run(): ${variable.get()}") }
        out.println("Back in original context: ${variable.get()}")
    }
    out.expect(
        listOf(
            "Plain thread sees: none",
            "Thread sees: main-context",
            "var.get() = Hello!",
            "In original context before copy: Hello, World!",
            "In original context after set(): Hello, Pythonista!",
            "Inside copied context run(): Hello, World!",
            "Back in original context: Hello, Pythonista!",
        ),
    )
}
