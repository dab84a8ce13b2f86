package io.extracontext.ktor

import io.extracontext.copyContext
import io.ktor.server.application.Application
import io.ktor.server.engine.connector
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.netty.channel.MultiThreadIoEventLoopGroup
import io.netty.channel.nio.NioIoHandler
import kotlinx.coroutines.runBlocking
import org.slf4j.MDC
import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.InetSocketAddress
import java.net.Socket
import java.nio.charset.StandardCharsets
import java.util.concurrent.Callable
import java.util.concurrent.TimeUnit

/**
 * A Ktor server on Netty, 127.0.0.1, a free port, whose every Netty thread is in two groups this
 * class owns ([workers] runs the calls), so that a test can look at each of those threads after
 * the calls. Always [close] it.
 */
class NettyServer(module: Application.() -> Unit) : AutoCloseable {
    private val boss = MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory())
    private val workers = MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory())
    private val server = embeddedServer(
        Netty,
        configure = {
            connector {
                host = "127.0.0.1"
                port = 0
            }
            shareWorkGroup = true
            configureBootstrap = { group(boss, workers) }
        },
        module = module,
    )
    val port: Int

    init {
        server.start(wait = false)
        port = try {
            runBlocking { server.engine.resolvedConnectors().first().port }
        } catch (e: Throwable) {
            close()
            throw e
        }
    }

    /** What each Netty thread holds in its context and MDC right now, one line per thread that holds anything. */
    fun leftOnNettyThreads(): List<String> = (boss + workers).map { executor ->
        executor.submit(
            Callable {
                val values = copyContext()
                val mdc = MDC.getCopyOfContextMap().orEmpty()
                if (values.isEmpty() && mdc.isEmpty()) null else "${Thread.currentThread().name}: context $values, MDC $mdc"
            },
        ).get(10, TimeUnit.SECONDS)
    }.filterNotNull()

    /** Sends [head] (a request line and header lines, without the final blank line) over a raw socket; returns the status line and body. */
    fun raw(head: String): Pair<String, String> = Socket().use { socket ->
        socket.soTimeout = 10_000
        socket.connect(InetSocketAddress("127.0.0.1", port), 10_000)
        val out = socket.getOutputStream()
        out.write("$head\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".toByteArray(StandardCharsets.ISO_8859_1))
        out.flush()
        val text = BufferedReader(InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readText()
        text.substringBefore("\r\n") to text.substringAfter("\r\n\r\n")
    }

    override fun close() {
        try {
            server.stop(100, 5_000)
        } finally {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS)
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS)
        }
    }
}
