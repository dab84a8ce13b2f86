package io.extracontext.opentelemetry

import com.sun.net.httpserver.HttpServer
import io.extracontext.ContextVar
import io.grpc.MethodDescriptor
import io.grpc.ServerInterceptors
import io.grpc.ServerServiceDefinition
import io.grpc.netty.NettyServerBuilder
import io.grpc.stub.ServerCalls
import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator
import io.opentelemetry.context.Context
import io.opentelemetry.context.propagation.ContextPropagators
import io.opentelemetry.context.propagation.TextMapGetter
import io.opentelemetry.context.propagation.TextMapPropagator
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry
import java.io.ByteArrayInputStream
import java.io.InputStream
import java.net.InetSocketAddress
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** What both processes share: the variables, the propagator, and an API-only OpenTelemetry (no SDK). */
object Wire {
    val requestId = ContextVar<String>("requestId")
    val tenant = ContextVar<String>("tenant")
    val propagator: ContextVarPropagator = ContextVarPropagator.builder().add(requestId, "request-id").add(tenant, "tenant").build()
    val openTelemetry: OpenTelemetry = OpenTelemetry.propagating(
        ContextPropagators.create(TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), propagator)),
    )

    /** The service code of both servers: reads our variables and the current trace, knows nothing of propagation. */
    fun describeRequest(body: String): String = "${requestId.getOrNull()}|${tenant.getOrNull()}|${Span.current().spanContext.traceId}|$body"

    /** gRPC's own Context lives in OpenTelemetry's (grpc-context-override-opentelemetry), so in ours. */
    val grpcProbeKey: io.grpc.Context.Key<String> = io.grpc.Context.key("probe")

    object StringMarshaller : MethodDescriptor.Marshaller<String> {
        override fun stream(value: String): InputStream = ByteArrayInputStream(value.toByteArray(Charsets.UTF_8))
        override fun parse(stream: InputStream): String = stream.readAllBytes().toString(Charsets.UTF_8)
    }

    val describe: MethodDescriptor<String, String> = MethodDescriptor.newBuilder(StringMarshaller, StringMarshaller)
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("extracontext.Probe", "Describe"))
        .build()

    /** OpenTelemetry's gRPC library instrumentation, configured with the propagators above: no propagation code of ours. */
    val grpcTelemetry: GrpcTelemetry = GrpcTelemetry.create(openTelemetry)
}

/**
 * The second JVM: `grpc` or `http`. Prints `PORT n` once it listens on 127.0.0.1, serves until its
 * standard input closes (the test closes it, or kills the process), then stops.
 */
object RemoteServiceMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val pool = Executors.newFixedThreadPool(4)   // few threads, reused: leftovers between calls would show
        val stop: () -> Unit
        val port: Int
        when (args.single()) {
            "grpc" -> {
                val service = ServerServiceDefinition.builder("extracontext.Probe")
                    .addMethod(
                        Wire.describe,
                        ServerCalls.asyncUnaryCall { body, response ->
                            // gRPC's Context, kept through OpenTelemetry's storage in ours, works as usual.
                            val seen = io.grpc.Context.current().withValue(Wire.grpcProbeKey, body).call { Wire.grpcProbeKey.get() }
                            check(seen == body) { "gRPC Context lost its value: $seen" }
                            check(io.grpc.Context.current().let { Wire.grpcProbeKey.get(it) } == null) { "gRPC Context value leaked" }
                            response.onNext(Wire.describeRequest(body))
                            response.onCompleted()
                        },
                    )
                    .build()
                val server = NettyServerBuilder.forAddress(InetSocketAddress("127.0.0.1", 0))
                    .executor(pool)
                    .addService(ServerInterceptors.intercept(service, Wire.grpcTelemetry.createServerInterceptor()))
                    .build()
                    .start()
                port = server.port
                stop = { server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS) }
            }
            "http" -> {
                val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 64)
                server.executor = pool
                server.createContext("/describe") { exchange ->
                    exchange.use {
                        // The server half of an HTTP instrumentation: extract, make current, serve.
                        val extracted = Wire.openTelemetry.propagators.textMapPropagator.extract(Context.current(), exchange, HeadersGetter)
                        val answer = extracted.makeCurrent().use { Wire.describeRequest(exchange.requestURI.query ?: "") }
                        val bytes = answer.toByteArray(Charsets.UTF_8)
                        exchange.sendResponseHeaders(200, bytes.size.toLong())
                        exchange.responseBody.write(bytes)
                    }
                }
                server.start()
                port = server.address.port
                stop = { server.stop(0) }
            }
            else -> error("usage: RemoteServiceMain grpc|http")
        }
        println("PORT $port")
        System.out.flush()
        try {
            while (System.`in`.read() >= 0) { /* until the parent closes our stdin */ }
        } finally {
            stop()
            pool.shutdownNow()
        }
    }

    object HeadersGetter : TextMapGetter<com.sun.net.httpserver.HttpExchange> {
        override fun keys(carrier: com.sun.net.httpserver.HttpExchange): Iterable<String> = carrier.requestHeaders.keys
        override fun get(carrier: com.sun.net.httpserver.HttpExchange?, key: String): String? = carrier?.requestHeaders?.getFirst(key)
    }
}
