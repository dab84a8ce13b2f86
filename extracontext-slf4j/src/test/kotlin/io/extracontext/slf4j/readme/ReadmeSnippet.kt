package io.extracontext.slf4j.readme

import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.slf4j.ContextMdc
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import java.util.concurrent.Callable

/** The module README's snippet, compiled and run by ReadmeSnippetSpec, which keeps the two identical. */
private val log = LoggerFactory.getLogger("app")
val user = ContextVar<String>("user")

suspend fun handle(id: String, pool: ContextPreservingExecutor): List<String?> = withContext(ContextElement()) {
    ContextMdc.bind("user", user)                     // once per application: %X{user} shows the variable
    user.set("alice")
    MDC.put("requestId", id)                          // once per request, in this request's context
    delay(1)                                          // resumed on any thread: still there
    log.info("handling")                              // %X{requestId} = id, %X{user} = alice
    val onIo = withContext(Dispatchers.IO) { MDC.get("requestId") }
    val inPool = pool.submit(Callable { MDC.get("requestId") + "/" + MDC.get("user") }).get()
    listOf(onIo, inPool)                              // [r-1, r-1/alice]; nothing left on any thread
}
