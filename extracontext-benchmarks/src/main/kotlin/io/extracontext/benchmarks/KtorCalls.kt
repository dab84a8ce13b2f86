package io.extracontext.benchmarks

import io.extracontext.ContextVar
import io.extracontext.ktor.ExtraContext
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.server.application.install
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.connector
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.netty.NettyApplicationEngine
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking

/**
 * The Ktor side of `KtorCallBenchmark`, in Kotlin because JMH's annotation processor only sees
 * Java: a Ktor server on Netty (127.0.0.1, a free port) and a CIO client over loopback, the same
 * request each time (`GET /` with `X-Request-Id`), the handler answering with the request id.
 * [withPlugin] installs `ExtraContext` with the header bound to a variable (the handler reads the
 * variable); without it the handler reads the header itself: the same work, with and without the
 * plugin's fresh context per call.
 */
class KtorCalls(withPlugin: Boolean) : AutoCloseable {
    private val requestId = ContextVar<String>("request_id")
    private val server: EmbeddedServer<NettyApplicationEngine, NettyApplicationEngine.Configuration> = embeddedServer(
        Netty,
        configure = {
            connector {
                host = "127.0.0.1"
                port = 0
            }
        },
    ) {
        if (withPlugin) install(ExtraContext) { header("X-Request-Id", requestId) }
        routing {
            get("/") {
                call.respondText(if (withPlugin) requestId.get() else call.request.headers["X-Request-Id"]!!)
            }
        }
    }.start(wait = false)
    private val url = "http://127.0.0.1:${runBlocking { server.engine.resolvedConnectors().first().port }}/"
    private val client = HttpClient(CIO)

    /** One call, answered. */
    fun call(): String = runBlocking { client.get(url) { header("X-Request-Id", "r-1") }.bodyAsText() }

    override fun close() {
        try {
            client.close()
        } finally {
            server.stop(100, 5_000)
        }
    }
}
