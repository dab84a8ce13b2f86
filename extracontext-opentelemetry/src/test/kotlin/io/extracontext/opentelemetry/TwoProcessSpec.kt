package io.extracontext.opentelemetry

import io.grpc.ManagedChannel
import io.grpc.netty.NettyChannelBuilder
import io.grpc.stub.ClientCalls
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.trace.TraceId
import io.opentelemetry.context.Context
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The proof across processes: a second JVM (started here, bounded, always stopped) serves gRPC over
 * Netty and HTTP on 127.0.0.1; its service code reads `requestId.get()`/`tenant.get()` and the
 * current trace id, and contains no propagation code of ours.
 */
class TwoProcessSpec : FunSpec({

    /** Starts [RemoteServiceMain] with [mode] in a new JVM and runs [block] with its port; the JVM is stopped afterwards. */
    fun withRemote(mode: String, block: (Int) -> Unit) {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), RemoteServiceMain::class.java.name, mode)
            .redirectErrorStream(true)
            .start()
        try {
            val out = BufferedReader(InputStreamReader(process.inputStream))
            val portLine = CompletableFuture.supplyAsync {
                generateSequence { out.readLine() }.firstOrNull { it.startsWith("PORT ") }
            }.get(60, TimeUnit.SECONDS) ?: error("the second JVM ended without listening (exit ${process.waitFor()})")
            // Keep draining its output so that it never blocks on a full pipe.
            Thread { generateSequence { out.readLine() }.forEach { System.err.println("[remote $mode] $it") } }.apply { isDaemon = true }.start()
            block(portLine.removePrefix("PORT ").trim().toInt())
            process.outputStream.close()
            process.waitFor(10, TimeUnit.SECONDS)
        } finally {
            process.destroyForcibly()
            process.waitFor(10, TimeUnit.SECONDS)
        }
    }

    /**
     * 200 concurrent calls through [call], each with its own values and trace id; every tenth is a
     * probe with no values and no span, which must see none (nothing left on the server's threads).
     */
    fun twoHundredConcurrentCalls(call: (String) -> String) {
        val pool = Executors.newFixedThreadPool(32)
        try {
            val results = (0 until 200).map { i ->
                pool.submit(
                    Callable {
                        if (i % 10 == 9) {
                            Pair("null|null|${TraceId.getInvalid()}|probe-$i", call("probe-$i"))
                        } else {
                            val span = spanWithNewTraceId()
                            Wire.requestId.withValue("r-$i") {
                                Wire.tenant.withValue("t-${i % 7}") {
                                    Context.current().with(span).makeCurrent().use {
                                        Pair("r-$i|t-${i % 7}|${span.spanContext.traceId}|call-$i", call("call-$i"))
                                    }
                                }
                            }
                        }
                    },
                )
            }.map { it.get(120, TimeUnit.SECONDS) }
            // missing: a call made with values whose server saw none; mismatch: anything else than what was sent.
            val missing = results.count { (expected, got) -> !expected.startsWith("null|") && (got.startsWith("null|") || got.split('|')[1] == "null") }
            val mismatches = results.count { (expected, got) -> expected != got }
            (missing to mismatches) shouldBe (0 to 0)
            results.size shouldBe 200
        } finally {
            pool.shutdownNow()
        }
    }

    test("over gRPC with Netty, 200 concurrent calls from another JVM each arrive with their own request id, tenant and trace id, and probes see none") {
        withRemote("grpc") { port ->
            val channel: ManagedChannel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .intercept(Wire.grpcTelemetry.createClientInterceptor()).build()
            try {
                twoHundredConcurrentCalls { body ->
                    ClientCalls.blockingUnaryCall(channel, Wire.describe, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body)
                }
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS)
            }
        }
    }

    test("over HTTP (java.net.http to a JDK HttpServer in another JVM), 200 concurrent calls each arrive with their own values and trace id, and probes see none") {
        withRemote("http") { port ->
            val client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
            twoHundredConcurrentCalls { body ->
                val request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/describe?$body")).timeout(Duration.ofSeconds(30))
                // The client half of an HTTP instrumentation: inject the current context as headers.
                Wire.openTelemetry.propagators.textMapPropagator.inject(Context.current(), request) { r, k, v -> r!!.header(k, v) }
                val response = client.send(request.build(), HttpResponse.BodyHandlers.ofString())
                response.statusCode() shouldBe 200
                response.body()
            }
        }
    }
})
