package io.extracontext.examples.coroutines

import io.extracontext.ContextVar
import io.extracontext.StrictMode
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.asContextElement
import io.extracontext.examples.Transcript
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import java.util.concurrent.CopyOnWriteArrayList
import java.util.logging.Handler
import java.util.logging.LogRecord
import java.util.logging.Logger
import kotlin.concurrent.thread

/**
 * The README's "one rule for coroutines": the same two coroutines without and with a
 * ContextElement in the root scope. Without one they share their thread's context: cross-talk, a
 * value left behind, and, in strict mode, one report per write site. With one, each coroutine has
 * its own context and nothing is reported. Each half runs on a thread of its own, so the value the
 * mistake leaves behind dies with that thread. Strict mode reports a call site once per JVM, so
 * this example expects its reports the first time it runs in a JVM.
 */
private val requestId = ContextVar<String>("request_id")
private val out = Transcript()

/** The README's `println`, recorded so that the example can check what it printed. */
private fun println(value: Any?) = out.println(value.toString())

private fun mistake() {
    runBlocking {                                                            // no ContextElement: the mistake
        launch { requestId.set("a"); delay(10); println(requestId.get()) }   // prints "b"
        launch { requestId.set("b"); delay(5); println(requestId.get()) }    // prints "b"
    }
    println(requestId.getOrNull())                                           // "b": left on the thread
}

private fun fix() {
    runBlocking(ContextElement()) {                                          // the rule: one in the root scope
        launch { requestId.set("a"); delay(10); println(requestId.get()) }   // prints "a"
        launch { requestId.set("b"); delay(5); println(requestId.get()) }    // prints "b"
    }
    println(requestId.getOrNull())                                           // null: nothing left behind
}

suspend fun handle(id: String): String = withContext(requestId.asContextElement(id)) {  // one block, its own copy
    withContext(Dispatchers.IO) { delay(1) }
    requestId.get()
}

/** Collects the library's coroutine reports (java.util.logging, logger io.extracontext.coroutines). */
private class Reports : Handler() {
    val messages = CopyOnWriteArrayList<String>()

    override fun publish(record: LogRecord) {
        messages += record.message
    }

    override fun flush() {}

    override fun close() {}
}

fun main() {
    val logger = Logger.getLogger("io.extracontext.coroutines")
    val reports = Reports()
    val strictBefore = StrictMode.enabled
    val parentsBefore = logger.useParentHandlers
    logger.addHandler(reports)
    logger.useParentHandlers = false
    try {
        StrictMode.enabled = true
        thread(name = "mistake") { mistake() }.join()
        val mistakeReports = reports.messages.toList()
        thread(name = "fix") { fix() }.join()
        var handled = ""
        thread(name = "one-block") { handled = runBlocking { handle("r-1") } + " " + requestId.isSet() }.join()
        val printed = out.lines()
        // Which of the two fixed coroutines prints first depends on timing on a loaded machine;
        // what each prints does not.
        Transcript.checkEquals(listOf("b", "b", "b"), printed.take(3), "the mistake: cross-talk, and the value left on the thread")
        Transcript.checkEquals(setOf("a", "b"), printed.subList(3, 5).toSet(), "the fix: each coroutine sees its own value")
        Transcript.checkEquals(listOf("null"), printed.drop(5), "the fix: nothing left on the thread")
        Transcript.checkEquals("r-1 false", handled, "withContext(requestId.asContextElement(id)) sets it for the block only")
        Transcript.checkEquals(2, mistakeReports.size, "one report per write site of the mistake")
        mistakeReports.forEach {
            Transcript.check(
                it.startsWith("ContextVar 'request_id' was written inside a coroutine that has no ContextElement, at ") &&
                    it.contains("OneRuleForCoroutines.kt:") &&
                    it.contains("runBlocking(ContextElement())"),
                "the report names the variable, the call site and the fix: $it",
            )
        }
        Transcript.checkEquals(mistakeReports, reports.messages.toList(), "the fix and asContextElement are not reported")
        System.out.println("    reported: " + mistakeReports.first())
    } finally {
        StrictMode.enabled = strictBefore
        logger.removeHandler(reports)
        logger.useParentHandlers = parentsBefore
    }
}
