package io.extracontext.log4j2.readme

import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.log4j2.ContextThreadContext
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import org.apache.logging.log4j.LogManager
import org.apache.logging.log4j.ThreadContext

// The module README's snippet, compiled and run by ReadmeSpec; the README block must stay a verbatim part of this file.

// log4j2.component.properties: log4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap
val user = ContextVar<String>("user")

fun startup() {
    ContextThreadContext.requireInstalled()            // fails fast when misconfigured
    ContextThreadContext.bind("user", user)            // a ContextVar shown on every line
}

suspend fun handle(requestId: String): String? = withContext(ContextElement()) {
    val log = LogManager.getLogger("orders")           // pattern "%X{requestId} %X{user} %m"
    ThreadContext.put("requestId", requestId)          // put once...
    user.set("alice")
    delay(10)                                          // ...resumes on any thread: still there
    withContext(Dispatchers.IO) { log.info("loading") }   // "r-1 alice loading"
    ThreadContext.get("requestId")                     // "r-1"
}
