package io.extracontext.examples.samples

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextPreservingThreadFactory
import io.extracontext.ContextVar
import io.extracontext.copyContext
import java.util.concurrent.Executors
import kotlin.concurrent.thread

/*
 * The bodies of these functions are the samples of the API documentation (Dokka `@sample`, see
 * extracontext-docs). They are compiled with the examples and run by AllExamples on every
 * `mvn verify`, each `check` failing the build if what the docs show stops being true.
 */

/** [ContextVar]: set, read, reset; a default; `withValue` for a block. */
fun contextVarSample() {
    val requestId = ContextVar<String>("request_id")
    val user = ContextVar("user", "anonymous")            // with a default

    val token = requestId.set("r-42")
    try {
        check(requestId.get() == "r-42")
        check(user.get() == "anonymous")
    } finally {
        requestId.reset(token)                            // back to "not set"
    }
    check(!requestId.isSet())

    val seen = requestId.withValue("r-43") { requestId.get() }   // set, run, reset in one call
    check(seen == "r-43" && !requestId.isSet())
}

/** [copyContext] and `Context.run`: an O(1) snapshot, read on another thread. */
fun copyContextSample() {
    val requestId = ContextVar<String>("request_id")
    requestId.withValue("r-1") {
        val snapshot = copyContext()                      // O(1): shares the map
        var seen = ""
        thread { seen = snapshot.run { requestId.get() } }.join()
        check(seen == "r-1")

        snapshot.run { requestId.set("changed in the copy") }
        check(requestId.get() == "r-1")                   // the caller's context is untouched
    }
}

/** [ContextLocal]: attributes by name or by delegation, isolated by `run`. */
fun contextLocalSample() {
    val ctx = ContextLocal()
    ctx.run {                                             // isolated: nothing leaks to the caller
        ctx.setAttribute("user", "alice")
        ctx.run {
            ctx.setAttribute("user", "bob")               // visible inside this run only
            check(ctx.getAttribute("user") == "bob")
        }
        check(ctx.getAttribute("user") == "alice")
    }
    check(!ctx.hasAttribute("user"))

    val request = object : ContextLocal() { var id: String by this }
    request.run {
        request.id = "r-7"
        check(request.id == "r-7")
    }
    check(!request.hasAttribute("id"))
}

/** [ContextPreservingExecutor]: each task runs in a copy of the submitter's context. */
fun executorSample() {
    val requestId = ContextVar<String>("request_id")
    ContextPreservingExecutor(2).use { pool ->
        val seen = requestId.withValue("r-9") { pool.submit<String> { requestId.get() } }
        check(seen.get() == "r-9")                        // read on a pool thread
        check(pool.submit<Boolean> { requestId.isSet() }.get() == false)   // nothing left on the worker
    }
}

/** [ContextPreservingThreadFactory]: a thread made by it runs in a copy of its creator's context. */
fun threadFactorySample() {
    val requestId = ContextVar<String>("request_id")
    val factory = ContextPreservingThreadFactory(Executors.defaultThreadFactory())   // or Thread.ofVirtual().factory()
    var seen = ""
    val worker = requestId.withValue("r-5") { factory.newThread { seen = requestId.get() }!! }
    worker.start()
    worker.join()
    check(seen == "r-5")                                  // the creator's value, at newThread
}
