package io.extracontext.examples.readme

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.element
import io.extracontext.examples.Transcript
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlin.concurrent.thread

/** The README's Kotlin snippet, compiled and run: ReadmeSnippetsTest keeps the two identical. */
val requestId = ContextVar<String>("request_id")
object Request : ContextLocal() { var user: String by this }

fun handle(id: String, name: String): String = requestId.withValue(id) {
    Request.run {                                     // isolated: nothing leaks to the caller
        Request.user = name
        val snapshot = copyContext()                  // O(1)
        var seen = ""
        thread { seen = snapshot.run { "${requestId.get()} ${Request.user}" } }.join()
        seen                                          // "r-1 alice", read on the other thread
    }
}

suspend fun handleAsync(id: String): String = withContext(Request.element()) {  // the suspending run
    requestId.set(id)
    withContext(Dispatchers.IO) { delay(1) }          // resumes on another thread, values intact
    requestId.get()
}

fun main() {
    Transcript.checkEquals("r-1 alice", handle("r-1", "alice"), "handle")
    Transcript.checkEquals("r-2", runBlocking(ContextElement()) { handleAsync("r-2") }, "handleAsync")
    Transcript.check(!requestId.isSet() && !Request.hasAttribute("user"), "nothing leaked to the caller")
    println("    r-1 alice / r-2, and nothing leaked")
}
