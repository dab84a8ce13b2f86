package io.extracontext.examples.kotlin

import io.extracontext.ContextLocal
import io.extracontext.examples.Transcript
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * Usage guide, "Basic Usage", in Kotlin: a namespace declared once as an `object`, its attributes
 * read and written as ordinary properties. Each thread sees only what it set itself.
 */
private object Ctx : ContextLocal() {
    var value: String by this          // Python: ctx.value
}

fun main() {
    val out = Transcript()
    val bothHaveSet = CountDownLatch(2)
    val workers = listOf("worker-a", "worker-b").map { name ->
        thread(name = name) {
            Ctx.value = "test from $name"                    // only visible in this thread
            bothHaveSet.countDown()
            check(bothHaveSet.await(10, TimeUnit.SECONDS)) { "both workers started" }
            out.println("$name sees: ${Ctx.value}")          // both wrote before either reads
            check(Ctx.value == "test from $name") { "a worker sees only its own value" }
        }
    }
    workers.forEach { it.join() }
    out.println("main has value: ${Ctx.hasAttribute("value")}")
    out.expectInAnyOrder(listOf("worker-a sees: test from worker-a", "worker-b sees: test from worker-b", "main has value: false"))
}
