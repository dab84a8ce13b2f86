package io.extracontext.log4j2

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.flow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.ktor.server.application.ApplicationCallPipeline
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext
import org.apache.logging.log4j.ThreadContext
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The issue's proof, with Log4j2: a real Ktor 3 server (Netty, loopback, a free port) takes 200
 * concurrent requests with distinct `X-Request-Id` headers. Each handler puts its id in
 * `ThreadContext` once, then logs after a suspension, on `Dispatchers.IO`, in a
 * `ContextPreservingExecutor` task and inside an isolated flow run with `flowOn`; a real Log4j2
 * appender formats every line with `%X{requestId}`. Every line must carry its own request's id:
 * 0 missing, 0 foreign.
 */
class KtorServerProofSpec : FunSpec({
    test("200 concurrent requests through a real Ktor server: every Log4j2 line carries its own request's id, 0 missing, 0 foreign") {
        val requests = 200
        val ctx = ContextLocal()
        val pool = ContextPreservingExecutor(4)
        val capture = Capture("%X{requestId}|%m")
        val log = capture.logger
        val server = embeddedServer(Netty, port = 0, host = "127.0.0.1") {
            // Each call runs in its own context, started from a copy of the (empty) server thread's:
            // the one line an application adds, like CallLogging's withContext(MDCContext()).
            intercept(ApplicationCallPipeline.Setup) { withContext(ContextElement()) { proceed() } }
            routing {
                get("/work") {
                    val id = call.request.headers["X-Request-Id"] ?: "no-header"
                    ThreadContext.put("requestId", id)
                    log.info("$id start")
                    delay(1)
                    log.info("$id after delay")
                    withContext(Dispatchers.IO) { log.info("$id on IO") }
                    val fromPool = CompletableFuture.supplyAsync({
                        log.info("$id in pool task")
                        ThreadContext.get("requestId")
                    }, pool).await()
                    val fromFlow = ctx.flow {
                        repeat(2) {
                            log.info("$id flow $it")
                            emit(ThreadContext.get("requestId"))
                        }
                    }.flowOn(Dispatchers.Default).toList()
                    call.respondText("$fromPool ${fromFlow.joinToString(" ")}")
                }
            }
        }
        val client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4)).build()
        try {
            server.start(wait = false)
            val port = server.engine.resolvedConnectors().first().port
            val responses = (0 until requests).map { i ->
                val request = HttpRequest.newBuilder(URI("http://127.0.0.1:$port/work"))
                    .header("X-Request-Id", "req-$i").timeout(Duration.ofSeconds(30)).GET().build()
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            }
            CompletableFuture.allOf(*responses.toTypedArray()).get(60, TimeUnit.SECONDS)
            responses.forEachIndexed { i, r ->
                r.get().statusCode() shouldBe 200
                r.get().body() shouldBe "req-$i req-$i req-$i"
            }
        } finally {
            server.stop(100, 5_000)
            pool.close()
            (client.executor().orElseThrow() as java.util.concurrent.ExecutorService).shutdownNow()
            capture.close()
        }

        val lines = capture.texts()
        lines.size shouldBe requests * 6
        val missing = lines.filter { it.startsWith("|") }
        val foreign = lines.filter { line ->
            val mdc = line.substringBefore('|')
            val logged = line.substringAfter('|').substringBefore(' ')
            mdc.isNotEmpty() && mdc != logged
        }
        missing.shouldBeEmpty()
        foreign.shouldBeEmpty()
        lines.map { it.substringBefore('|') }.toSet().size shouldBe requests
    }
})
