package io.extracontext.ktor.readme

import io.extracontext.ContextVar
import io.extracontext.ktor.ExtraContext
import io.extracontext.ktor.ExtraContextClient
import io.extracontext.slf4j.ContextMdc
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.Application
import io.ktor.server.application.install
import io.ktor.server.plugins.callid.CallId
import io.ktor.server.plugins.calllogging.CallLogging
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory
import org.slf4j.MDC

// The README's and the guide's snippets, compiled and run by ReadmeSnippetTest.

val requestId = ContextVar<String>("request_id")
val callId = ContextVar<String>("call_id")
private val log = LoggerFactory.getLogger("app")

fun Application.module(downstream: HttpClient) {
    ContextMdc.bind("requestId", requestId)           // %X{requestId} shows the variable
    install(ExtraContext) {
        header("X-Request-Id", requestId)              // untrusted: at most 256 printable ASCII characters
        callId(callId)                                 // the id Ktor's CallId gave the call
    }
    install(CallId) { generate { "call-1" } }
    install(CallLogging)                               // its line shows the call's MDC
    routing {
        get("/orders") {
            MDC.put("user", "alice")                   // kept until the call ends
            delay(1)
            val fromIo = withContext(Dispatchers.IO) { requestId.get() }
            log.info("listing orders")                 // requestId and user in the MDC
            val stock = downstream.get("http://127.0.0.1:9/stock").bodyAsText()   // sends X-Request-Id
            call.respondText("$fromIo ${callId.get()} ${MDC.get("user")} $stock")
        }
    }
}

fun downstreamClient(engine: HttpClient): HttpClient = engine.config {
    install(ExtraContextClient) {
        header("X-Request-Id", requestId)              // the caller's value, when it has one
    }
}
