package io.extracontext.examples.kotlin

import io.extracontext.examples.Transcript
import io.extracontext.examples.logging.CapturedLines
import io.extracontext.examples.logging.RequestId
import org.slf4j.LoggerFactory

/**
 * The closing "putting it together" pattern, in Kotlin: `with with_request_id(rid):` is
 * `requestId.withValue(rid) { }`: set for the block, reset in `finally`, whatever the block does.
 * The log pattern reads the id from the context, so no call site passes it.
 */
private val logger = LoggerFactory.getLogger("io.extracontext.examples.kotlin.WithRequestId")

/** `def handle_request(rid): with with_request_id(rid): logger.info("Processing request")`. */
private fun handleRequest(rid: String) = RequestId.VAR.withValue(rid) { logger.info("Processing request") }

fun main() {
    val out = Transcript()
    CapturedLines.drain()
    handleRequest("r-1")
    RequestId.VAR.set("r-2").use { logger.info("Processing request") }   // the same, with the Token
    out.println(RequestId.VAR.withValue("r-3") { "handled ${RequestId.VAR.get()}" })
    runCatching {
        RequestId.VAR.withValue("r-4") {
            logger.info("about to fail")
            error("handler failed")
        }
    }
    logger.info("after a failing request")                 // the id was reset: "-" again
    CapturedLines.drain().filter { " WithRequestId - " in it }.forEach(out::println)
    out.println("request id after all requests: ${RequestId.VAR.get()}")
    check(!RequestId.VAR.isSet()) { "nothing is left set" }
    val thread = Thread.currentThread().name
    out.expect(
        listOf(
            "handled r-3",
            "[r-1] [$thread] WithRequestId - Processing request",
            "[r-2] [$thread] WithRequestId - Processing request",
            "[r-4] [$thread] WithRequestId - about to fail",
            "[-] [$thread] WithRequestId - after a failing request",
            "request id after all requests: -",
        ),
    )
}
