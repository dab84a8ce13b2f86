package io.extracontext.ktor

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.asContextElement
import io.extracontext.coroutines.flow
import io.extracontext.slf4j.ContextMdc
import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.install
import io.ktor.server.plugins.calllogging.CallLogging
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The proof on a real server: Ktor on Netty (127.0.0.1, a free port), 300 requests in flight
 * together, handlers that suspend, switch dispatchers, call a ContextPreservingExecutor, collect an
 * isolated flow and call the server itself through the client plugin. Every line logged (ours and
 * CallLogging's) carries its own call's id; nothing is left on Netty or Dispatchers.IO threads.
 */
class NettyLoadTest {
    private val requestId = ContextVar<String>("request_id")
    private val log = LoggerFactory.getLogger("io.extracontext.ktor.NettyLoadTest")

    @BeforeEach
    fun bind() = ContextMdc.bind("requestId", requestId)

    @AfterEach
    fun unbind() = ContextMdc.unbind("requestId")

    private fun client() = HttpClient(CIO) {
        engine {
            maxConnectionsCount = 2 * REQUESTS
            endpoint.maxConnectionsPerRoute = 2 * REQUESTS
            requestTimeout = 40_000
        }
        install(ExtraContextClient) { header("X-Request-Id", requestId) }
    }

    @Test
    fun `300 concurrent calls on Netty each log with their own id on every thread, hops included, and leave no thread dirty`() {
        val arrived = AtomicInteger()
        val allArrived = CompletableDeferred<Unit>()
        val isolated = ContextLocal()
        CapturedLogs().use { logs ->
            ContextPreservingExecutor(4).use { blocking ->
                client().use { inner ->
                    NettyServer {
                        install(ExtraContext) { header("X-Request-Id", requestId) }
                        install(CallLogging) { disableDefaultColors() }
                        routing {
                            get("/work") {
                                val id = requestId.get()
                                MDC.put("user", "u-$id")
                                log.info("received {}", id)
                                if (arrived.incrementAndGet() == REQUESTS) allArrived.complete(Unit)
                                val together = withTimeoutOrNull(20_000) { allArrived.await() } != null
                                delay(1)
                                log.info("resumed {}", id)
                                val fromPool = withContext(Dispatchers.IO) {
                                    log.info("on io {}", id)
                                    blocking.submit(
                                        Callable {
                                            log.info("in pool {}", id)
                                            MDC.get("user")
                                        },
                                    ).get(20, TimeUnit.SECONDS)
                                }
                                val fromFlow = isolated.flow {
                                    MDC.put("stage", "flow") // the flow's own copy
                                    log.info("in flow {}", id)
                                    emit(MDC.get("user"))
                                }.flowOn(Dispatchers.Default).toList().single()
                                val hop = withContext(requestId.asContextElement("$id.hop")) {
                                    inner.get("http://127.0.0.1:${call.request.local.localPort}/hop").bodyAsText()
                                }
                                log.info("responding {}", id)
                                call.respondText("${requestId.get()} $fromPool $fromFlow $hop ${MDC.get("user")} ${MDC.get("stage")} $together")
                            }
                            get("/hop") {
                                val id = requestId.get()
                                withContext(Dispatchers.IO) { log.info("hop {}", id) }
                                call.respondText(id)
                            }
                        }
                    }.use { server ->
                        client().use { outer ->
                            val bodies = runBlocking {
                                withTimeout(90_000) {
                                    (1..REQUESTS).map { i ->
                                        async(requestId.asContextElement("req-$i")) {
                                            val response = outer.get("http://127.0.0.1:${server.port}/work")
                                            check(response.status == HttpStatusCode.OK) { "req-$i: ${response.status} ${response.bodyAsText()}" }
                                            response.bodyAsText()
                                        }
                                    }.awaitAll()
                                }
                            }
                            bodies.forEachIndexed { index, body ->
                                val id = "req-${index + 1}"
                                assertEquals("$id u-$id u-$id $id.hop u-$id null true", body, "what call $id saw")
                            }
                        }
                        // Nothing of any call on the Netty threads, after every call.
                        assertEquals(emptyList<String>(), server.leftOnNettyThreads())
                    }
                }
            }
            assertEquals(emptyList<String>(), leftOnIoThreads())
            checkLines(logs.lines.toList())
        }
    }

    private fun checkLines(lines: List<Line>) {
        val ours = lines.filter { it.logger == "io.extracontext.ktor.NettyLoadTest" }
        val wrong = ours.filter { line ->
            val id = line.message.substringAfterLast(' ')
            val expectedUser = if (id.endsWith(".hop")) null else "u-$id"
            line.mdc["requestId"] != id || line.mdc["user"] != expectedUser
        }
        assertEquals(emptyList<Line>(), wrong.take(5), "${wrong.size} lines with a missing or foreign id")
        assertEquals(7 * REQUESTS, ours.size, "lines of the handlers")
        assertEquals(REQUESTS, ours.map { it.message.substringAfterLast(' ') }.filter { it.endsWith(".hop") }.toSet().size, "each hop its own id")
        val threads = ours.map { it.thread.substringBefore('-') }.toSet()
        assertTrue(threads.size >= 3, "lines from several kinds of threads: $threads")

        val callLines = lines.filter { it.message.startsWith("200 OK: GET - /") }
        assertEquals(2 * REQUESTS, callLines.size, "CallLogging lines")
        val wrongCallLines = callLines.filter { line ->
            val id = line.mdc["requestId"]
            when {
                id == null -> true
                line.message.startsWith("200 OK: GET - /hop") -> !id.endsWith(".hop") || line.mdc.containsKey("user")
                else -> line.mdc["user"] != "u-$id"
            }
        }
        assertEquals(emptyList<Line>(), wrongCallLines.take(5), "${wrongCallLines.size} CallLogging lines with a missing or foreign id")
        assertEquals(2 * REQUESTS, callLines.mapNotNull { it.mdc["requestId"] }.toSet().size, "every CallLogging line its own id")
    }

    /** Occupies every Dispatchers.IO worker at once (64 by default) and reports any that holds a context or an MDC. */
    private fun leftOnIoThreads(): List<String> = runBlocking {
        val workers = 64
        val all = CountDownLatch(workers)
        (1..workers).map {
            async(Dispatchers.IO) {
                all.countDown()
                check(all.await(20, TimeUnit.SECONDS)) { "the IO workers did not all start" }
                val values = copyContext()
                val mdc = MDC.getCopyOfContextMap().orEmpty()
                if (values.isEmpty() && mdc.isEmpty()) null else "${Thread.currentThread().name}: context $values, MDC $mdc"
            }
        }.awaitAll().filterNotNull()
    }

    @Test
    fun `the engine's error log for an unhandled exception shows the call's MDC as the handler left it`() {
        CapturedLogs().use { logs ->
            NettyServer {
                install(ExtraContext) { header("X-Request-Id", requestId) }
                install(CallLogging) { disableDefaultColors() }
                routing {
                    get("/boom") {
                        withContext(Dispatchers.IO) { MDC.put("user", "carol") }
                        delay(1)
                        error("boom")
                    }
                }
            }.use { server ->
                assertEquals("HTTP/1.1 500 Internal Server Error", server.raw("GET /boom HTTP/1.1\r\nX-Request-Id: req-err").first)
                assertEquals(emptyList<String>(), server.leftOnNettyThreads())
            }
            val error = logs.lines.single { it.failed && it.message.contains("GET - /boom") }
            assertEquals(mapOf("requestId" to "req-err", "user" to "carol"), error.mdc, "the engine's error line")
            val callLine = logs.lines.single { it.message.startsWith("500 Internal Server Error: GET - /boom in ") }
            assertEquals(mapOf("requestId" to "req-err", "user" to "carol"), callLine.mdc, "CallLogging's line")
        }
    }

    private companion object {
        const val REQUESTS = 300
    }
}
