package io.extracontext.examples.ktor

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.coroutines.flow
import io.extracontext.examples.Transcript
import io.extracontext.examples.logging.CapturedLines
import io.extracontext.ktor.ExtraContext
import io.extracontext.slf4j.ContextMdc
import io.extracontext.slf4j.ExtraContextServiceProvider
import io.ktor.server.application.install
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The request id in the MDC of a real Ktor 3 server (Netty, loopback, a free port), with
 * `extracontext-slf4j`: the handler puts the id in `MDC` once, then suspends, switches to
 * `Dispatchers.IO`, hands blocking work to a [ContextPreservingExecutor] and collects an isolated
 * flow on another dispatcher; every line it logs, on whichever thread, carries its own request's id
 * through Logback's `%X{requestId}` (no converter, no copying). 200 requests at once; the check
 * counts lines with a missing or a foreign id, and there must be none.
 *
 * The setup per server is `install(ExtraContext)` from `extracontext-ktor`: each call runs in a
 * context of its own, as each asyncio task runs in its own copy, and the header `X-Request-Id`
 * (checked as untrusted input) is the variable `requestId` for the whole call.
 */
private const val REQUESTS = 200
private const val LINES_PER_REQUEST = 6
private const val LOGGER = "io.extracontext.examples.ktor.KtorMdcServer"

fun main() {
    // Before the first logger is made (here, or -D on the command line; AllExamples sets it first).
    if (System.getProperty("slf4j.provider") == null) {
        System.setProperty("slf4j.provider", ExtraContextServiceProvider::class.java.name)
    }
    check(MDC.getMDCAdapter().javaClass.name.startsWith("io.extracontext.slf4j.")) {
        "SLF4J started before -Dslf4j.provider=${ExtraContextServiceProvider::class.java.name} was set " +
            "(its MDC adapter is ${MDC.getMDCAdapter().javaClass.name}): set the property before the first logger is made"
    }
    val log = LoggerFactory.getLogger(LOGGER)
    val out = Transcript()
    CapturedLines.drain()

    val requestId = ContextVar<String>("request_id")
    ContextMdc.bind("requestId", requestId) // %X{requestId} shows the variable
    val arrived = AtomicInteger()
    val allArrived = CompletableDeferred<Unit>()
    val ctx = ContextLocal()
    ContextPreservingExecutor(4).use { blocking ->
        val server = embeddedServer(Netty, host = "127.0.0.1", port = 0) {
            // Every call in a context of its own: what it sets (variables, MDC) stays its own, on any thread.
            install(ExtraContext) {
                header("X-Request-Id", requestId)
            }
            routing {
                get("/work") {
                    val id = requestId.get()
                    log.info("received {}", id)
                    if (arrived.incrementAndGet() == REQUESTS) allArrived.complete(Unit)
                    // All requests in flight together (bounded: never more than 20 s).
                    val together = withTimeoutOrNull(20_000) { allArrived.await() } != null
                    delay(1)
                    log.info("resumed {}", id)
                    val fromPool = withContext(Dispatchers.IO) {
                        log.info("on io {}", id)
                        blocking.submit(
                            Callable {
                                log.info("in pool {}", id)
                                MDC.get("requestId")
                            },
                        ).get(20, TimeUnit.SECONDS)
                    }
                    val fromFlow = ctx.flow {
                        MDC.put("stage", "flow")                     // the flow's own copy
                        log.info("in flow {}", id)
                        emit(MDC.get("requestId"))
                    }.flowOn(Dispatchers.Default).toList().single()
                    check(MDC.get("stage") == null) { "the flow's put leaked into the handler" }
                    log.info("responding {}", id)
                    call.respondText("$id $fromPool $fromFlow ${MDC.get("requestId")} $together")
                }
            }
        }
        server.start(wait = false)
        try {
            val port = runBlocking { server.engine.resolvedConnectors().first().port }
            out.println("Ktor server (Netty) started on 127.0.0.1")
            val client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()
            val responses = (1..REQUESTS).map { i ->
                val request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port/work"))
                    .header("X-Request-Id", "req-$i").timeout(Duration.ofSeconds(40)).build()
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            }
            var together = 0
            responses.forEachIndexed { index, future ->
                val id = "req-${index + 1}"
                val response = future.get(60, TimeUnit.SECONDS)
                check(response.statusCode() == 200) { "status of $id: ${response.statusCode()} ${response.body()}" }
                val parts = response.body().split(' ')
                check(parts.take(4) == listOf(id, id, id, id)) { "$id saw in handler, pool, flow, after: ${response.body()}" }
                if (parts[4] == "true") together++
            }
            check(together == REQUESTS) { "only $together of $REQUESTS requests were in flight together" }
            out.println("$REQUESTS concurrent requests answered; handler, IO, pool and flow each saw their own id")
        } finally {
            server.stop(100, 5_000)
            ContextMdc.unbind("requestId")
        }
    }

    // What Logback really wrote: `[%X{requestId}] [%thread] %logger{0} - %msg`, the message ending with the id.
    val lines = CapturedLines.drain().filter { " KtorMdcServer - " in it }
    val wrong = lines.filter { line ->
        val mdcId = line.substring(1, line.indexOf(']'))
        mdcId.isEmpty() || !line.endsWith(" $mdcId")
    }
    check(wrong.isEmpty()) { "${wrong.size} lines with a missing or foreign id, e.g. ${wrong.take(3)}" }
    check(lines.size == REQUESTS * LINES_PER_REQUEST) { "${lines.size} lines, expected ${REQUESTS * LINES_PER_REQUEST}" }
    val threads = lines.map { it.substringAfter("] [").substringBefore(']').substringBefore('-') }.toSet()
    check(threads.size >= 3) { "lines logged from several kinds of threads: $threads" }
    out.println("${lines.size} log lines, 0 with a missing or foreign request id")
    out.expect(
        listOf(
            "Ktor server (Netty) started on 127.0.0.1",
            "$REQUESTS concurrent requests answered; handler, IO, pool and flow each saw their own id",
            "${REQUESTS * LINES_PER_REQUEST} log lines, 0 with a missing or foreign request id",
        ),
    )
}
