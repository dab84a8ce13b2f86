package io.extracontext.opentelemetry

import com.sun.net.httpserver.HttpServer
import io.extracontext.ContextVar
import io.grpc.CallOptions
import io.grpc.ManagedChannel
import io.grpc.ServerServiceDefinition
import io.grpc.netty.NettyChannelBuilder
import io.grpc.netty.NettyServerBuilder
import io.grpc.stub.ClientCalls
import io.grpc.stub.ServerCalls
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
 * Runs in two JVMs started by [JavaAgentSpec], both with the OpenTelemetry Java agent and no
 * propagation code of ours but the baggage calls: `server http|grpc`, a JDK `HttpServer` or a gRPC
 * server on Netty, on 127.0.0.1 (instrumented by the agent), and `client http|grpc <port>`, 200
 * concurrent `java.net.http` or gRPC calls to it (instrumented by the agent), our variables carried
 * as OpenTelemetry baggage entries next to an ordinary one. The client prints `PASS`/`FAIL` lines,
 * then `DONE`.
 */
object AgentRemoteMain {
    private val requestId = ContextVar<String>("requestId")
    private val tenant = ContextVar<String>("tenant")
    private val propagator = ContextVarPropagator.builder().add(requestId, "request-id").add(tenant, "tenant").build()

    @JvmStatic
    fun main(args: Array<String>) {
        when (args.firstOrNull()) {
            "server" -> serve(args[1])
            "client" -> callAndCheck(args[1], args[2].toInt())
            else -> error("usage: server http|grpc | client http|grpc <port>")
        }
    }

    /**
     * The service code of both servers: the agent made the received context current; our variables
     * come from its baggage. Anything of ours still set after it is answered as a leftover.
     */
    private fun describe(): String {
        val body = propagator.enterFromBaggage(Context.current()).use {
            "${requestId.getOrNull()}|${tenant.getOrNull()}|${Baggage.current().getEntryValue("user-entry")}|${Span.current().spanContext.traceId}"
        }
        val leftover = requestId.getOrNull()
        return if (leftover == null) body else "LEFTOVER $leftover"
    }

    /** Serves on 127.0.0.1, prints `PORT n`, and stops when its standard input closes. */
    private fun serve(transport: String) {
        val serverPool = Executors.newFixedThreadPool(4)   // few threads, reused: leftovers would show
        val port: Int
        val stop: () -> Unit
        when (transport) {
            "http" -> {
                val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 64)
                server.executor = serverPool
                server.createContext("/describe") { exchange ->
                    val bytes = describe().toByteArray()
                    exchange.sendResponseHeaders(200, bytes.size.toLong())
                    exchange.responseBody.use { it.write(bytes) }
                }
                server.start()
                port = server.address.port
                stop = { server.stop(0) }
            }
            "grpc" -> {
                // No interceptor of ours or OpenTelemetry's: the agent instruments gRPC itself.
                val service = ServerServiceDefinition.builder("extracontext.Probe")
                    .addMethod(
                        Wire.describe,
                        ServerCalls.asyncUnaryCall { _, response ->
                            response.onNext(describe())
                            response.onCompleted()
                        },
                    )
                    .build()
                val server = NettyServerBuilder.forAddress(InetSocketAddress("127.0.0.1", 0)).executor(serverPool).addService(service).build().start()
                port = server.port
                stop = { server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS) }
            }
            else -> error("unknown transport $transport")
        }
        try {
            println("PORT $port")
            System.`in`.readAllBytes()   // until the test closes it (or kills this JVM)
        } finally {
            stop()
            serverPool.shutdownNow()
        }
    }

    /** 200 concurrent calls to the server in the other JVM; prints PASS or FAIL, then DONE. */
    private fun callAndCheck(transport: String, port: Int) {
        var channel: ManagedChannel? = null
        val call: () -> String = when (transport) {
            "http" -> {
                val client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                val uri = URI("http://127.0.0.1:$port/describe");
                { client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body() }
            }
            "grpc" -> {
                val grpc = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build()
                channel = grpc;
                { ClientCalls.blockingUnaryCall(grpc, Wire.describe, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "") }
            }
            else -> error("unknown transport $transport")
        }
        val callers = Executors.newFixedThreadPool(16)
        try {
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
            println(if (wrong.isEmpty()) "PASS 200 concurrent $transport calls carry our variables and the baggage entry, probes see none" else "FAIL 200 concurrent $transport calls: ${wrong.size} wrong, first ${wrong.take(3)}")
        } finally {
            callers.shutdownNow()
            channel?.shutdownNow()?.awaitTermination(5, TimeUnit.SECONDS)
        }
        println("DONE")
    }
}
