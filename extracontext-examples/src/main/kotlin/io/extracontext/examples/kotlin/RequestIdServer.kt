package io.extracontext.examples.kotlin

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import io.extracontext.ContextPreservingExecutor
import io.extracontext.examples.Transcript
import io.extracontext.examples.logging.CapturedLines
import io.extracontext.examples.logging.RequestId
import org.slf4j.LoggerFactory
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A request-scoped id in a small HTTP server, in Kotlin, on the JDK's
 * `com.sun.net.httpserver` and loopback only. Each request's id is set with `withValue` for exactly
 * the handling of that request; the log lines of the handler and of the [ContextPreservingExecutor]
 * worker it hands the rendering to all carry it, through the `%requestId` Logback converter.
 */
private val log = LoggerFactory.getLogger("io.extracontext.examples.kotlin.RequestIdServer")
private const val REQUESTS = 8

private fun named(prefix: String): ExecutorService {
    val n = AtomicInteger()
    return Executors.newFixedThreadPool(REQUESTS) { r -> Thread(r, "$prefix-${n.incrementAndGet()}").apply { isDaemon = true } }
}

private fun handle(exchange: HttpExchange, workers: ContextPreservingExecutor, allInFlight: CountDownLatch) {
    val name = exchange.requestURI.query.removePrefix("name=")
    val id = exchange.requestHeaders.getFirst("X-Request-Id") ?: "generated-${System.nanoTime()}"
    exchange.use {
        try {
            RequestId.VAR.withValue(id) {                    // for this request only; reset in finally
                log.info("received request for {}", name)
                allInFlight.countDown()
                check(allInFlight.await(20, TimeUnit.SECONDS)) { "all requests in flight together" }
                val body = workers.submit(
                    Callable {           // runs in a copy of this request's context
                        log.info("rendering for {}", name)
                        "hello $name (rendered for ${RequestId.VAR.get()})"
                    },
                ).get(20, TimeUnit.SECONDS).toByteArray()
                exchange.responseHeaders.add("X-Request-Id", RequestId.VAR.get())
                exchange.sendResponseHeaders(200, body.size.toLong())
                exchange.responseBody.use { it.write(body) }
                log.info("responded to {}", name)
            }
        } catch (e: Exception) {
            log.error("request failed", e)
            exchange.sendResponseHeaders(500, -1)
        }
    }
}

fun main() {
    val out = Transcript()
    CapturedLines.drain()
    val allInFlight = CountDownLatch(REQUESTS)
    val serverThreads = named("kt-http-handler")
    val clientThreads = named("kt-http-client")
    val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), REQUESTS)
    try {
        ContextPreservingExecutor(2).use { workers ->
            server.createContext("/greet") { handle(it, workers, allInFlight) }
            server.executor = serverThreads
            server.start()
            val base = URI.create("http://127.0.0.1:${server.address.port}")
            val client = HttpClient.newBuilder().executor(clientThreads).version(HttpClient.Version.HTTP_1_1).build()
            val responses = (1..REQUESTS).map { i ->
                val request = HttpRequest.newBuilder(base.resolve("/greet?name=user$i"))
                    .header("X-Request-Id", "req-$i").timeout(Duration.ofSeconds(20)).build()
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            }
            responses.forEachIndexed { index, future ->
                val i = index + 1
                val response = future.get(30, TimeUnit.SECONDS)
                check(response.statusCode() == 200) { "status of req-$i: ${response.statusCode()}" }
                check(response.body() == "hello user$i (rendered for req-$i)") { "body of req-$i: ${response.body()}" }
                check(response.headers().firstValue("X-Request-Id").orElse(null) == "req-$i") { "echoed id of req-$i" }
            }
            out.println("$REQUESTS concurrent requests answered, each with its own id")
        }
    } finally {
        server.stop(0)
        serverThreads.shutdown()
        clientThreads.shutdown()
    }

    // A handler logs its last line after the client has its response: wait for the handlers to end.
    check(serverThreads.awaitTermination(20, TimeUnit.SECONDS)) { "the handlers finished" }
    // What was really written: each request's three lines carry its id, from handler and worker.
    val byId = CapturedLines.drain().filter { " RequestIdServer - " in it }.groupBy { it.substring(1, it.indexOf(']')) }
    for (i in 1..REQUESTS) {
        val mine = byId["req-$i"].orEmpty()
        check(mine.size == 3) { "log lines of req-$i: $mine" }
        check(mine.all { it.endsWith(" user$i") }) { "every line tagged req-$i is about user$i: $mine" }
        check(mine.any { "[extracontext-worker-" in it }) { "req-$i logged from a pool worker too: $mine" }
    }
    check(byId.size == REQUESTS) { "ids seen in the log: ${byId.keys}" }
    out.println("every log line carries its own request's id, from handler and worker threads alike")
    out.expect(
        listOf(
            "$REQUESTS concurrent requests answered, each with its own id",
            "every log line carries its own request's id, from handler and worker threads alike",
        ),
    )
}
