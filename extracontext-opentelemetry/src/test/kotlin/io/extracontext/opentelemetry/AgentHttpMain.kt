package io.extracontext.opentelemetry

import com.sun.net.httpserver.HttpServer
import io.extracontext.ContextVar
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.Context
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * Runs in two JVMs started by [JavaAgentSpec], both with the OpenTelemetry Java agent: `server`, a JDK
 * `HttpServer` on 127.0.0.1 (instrumented by the agent), and `client <port>`, 200 concurrent
 * `java.net.http` calls to it (instrumented by the agent), our variables carried as OpenTelemetry
 * baggage entries next to an ordinary one. The client prints `PASS`/`FAIL` lines, then `DONE`.
 */
object AgentHttpMain {
    private val requestId = ContextVar<String>("requestId")
    private val tenant = ContextVar<String>("tenant")
    private val propagator = ContextVarPropagator.builder().add(requestId, "request-id").add(tenant, "tenant").build()

    @JvmStatic
    fun main(args: Array<String>) {
        when (args.firstOrNull()) {
            "server" -> serve()
            "client" -> callAndCheck(args[1].toInt())
            else -> error("usage: server | client <port>")
        }
    }

    /** Serves on 127.0.0.1, prints `PORT n`, and stops when its standard input closes. */
    private fun serve() {
        val serverPool = Executors.newFixedThreadPool(4)   // few threads, reused: leftovers would show
        val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 64)
        server.executor = serverPool
        server.createContext("/describe") { exchange ->
            // The service code: the agent made the received context current; our variables come from its baggage.
            val body = propagator.enterFromBaggage(Context.current()).use {
                "${requestId.getOrNull()}|${tenant.getOrNull()}|${Baggage.current().getEntryValue("user-entry")}|${Span.current().spanContext.traceId}"
            }
            val leftover = requestId.getOrNull()
            val bytes = (if (leftover == null) body else "LEFTOVER $leftover").toByteArray()
            exchange.sendResponseHeaders(200, bytes.size.toLong())
            exchange.responseBody.use { it.write(bytes) }
        }
        server.start()
        try {
            println("PORT ${server.address.port}")
            System.`in`.readAllBytes()   // until the test closes it (or kills this JVM)
        } finally {
            server.stop(0)
            serverPool.shutdownNow()
        }
    }

    /** 200 concurrent calls to the server in the other JVM; prints PASS or FAIL, then DONE. */
    private fun callAndCheck(port: Int) {
        val client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        val uri = URI("http://127.0.0.1:$port/describe")
        val callers = Executors.newFixedThreadPool(16)
        try {
            fun call(): String = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body()
            val results = (0 until 200).map { i ->
                callers.submit(
                    Callable {
                        // A probe with nothing current: no variables, no entry; the agent starts a new trace for it.
                        if (i % 10 == 9) return@Callable Pair("null|null|null", call().substringBeforeLast('|'))
                        val span = spanWithNewTraceId()
                        val expected = "r-$i|t-${i % 7}|u-$i|${span.spanContext.traceId}"
                        val actual = requestId.withValue("r-$i") {
                            tenant.withValue("t-${i % 7}") {
                                span.makeCurrent().use {
                                    if (i % 2 == 0) {
                                        // an ordinary baggage entry first, ours added over it
                                        Baggage.current().toBuilder().put("user-entry", "u-$i").build().makeCurrent().use {
                                            propagator.withBaggage(Context.current()).makeCurrent().use { call() }
                                        }
                                    } else {
                                        // ours first, an ordinary entry added over it
                                        propagator.withBaggage(Context.current()).makeCurrent().use {
                                            Baggage.current().toBuilder().put("user-entry", "u-$i").build().makeCurrent().use { call() }
                                        }
                                    }
                                }
                            }
                        }
                        Pair(expected, actual)
                    },
                )
            }.map { it.get(60, TimeUnit.SECONDS) }
            val wrong = results.filter { it.first != it.second }
            println("INFO calls ${results.size}, mismatches ${wrong.size}")
            println(if (wrong.isEmpty()) "PASS 200 concurrent calls carry our variables and the baggage entry, probes see none" else "FAIL 200 concurrent calls: ${wrong.size} wrong, first ${wrong.take(3)}")
        } finally {
            callers.shutdownNow()
        }
        println("DONE")
    }
}
