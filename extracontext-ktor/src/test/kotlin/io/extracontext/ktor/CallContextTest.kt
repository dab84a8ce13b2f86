package io.extracontext.ktor

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.flow
import io.extracontext.slf4j.ContextMdc
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.install
import io.ktor.server.plugins.callid.CallId
import io.ktor.server.plugins.callid.callIdMdc
import io.ktor.server.plugins.calllogging.CallLogging
import io.ktor.server.plugins.statuspages.StatusPages
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import io.ktor.server.testing.testApplication
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import java.util.logging.Level

class CallContextTest {
    private val user = ContextVar<String>("user")
    private val callId = ContextVar<String>("call_id")
    private val log = LoggerFactory.getLogger(CallContextTest::class.java)

    @Test
    fun `each call starts from an empty context, and what one call sets is not seen by the next`() {
        testApplication {
            application {
                install(ExtraContext)
                routing {
                    get("/") {
                        val before = "${copyContext().size} ${MDC.getCopyOfContextMap().orEmpty().size}"
                        user.set(call.request.queryParameters["u"]!!)
                        MDC.put("user", user.get())
                        call.respondText(before)
                    }
                }
            }
            for (u in listOf("a", "b", "c")) assertEquals("0 0", client.get("/?u=$u").bodyAsText())
        }
    }

    @Test
    fun `MDC put in a handler is kept across delay, Dispatchers IO and flowOn, and the CallLogging line shows it`() {
        CapturedLogs().use { logs ->
            testApplication {
                application {
                    install(ExtraContext)
                    install(CallLogging) { disableDefaultColors() }
                    routing {
                        get("/mdc") {
                            MDC.put("user", "alice")
                            delay(1)
                            val afterDelay = MDC.get("user")
                            val onIo = withContext(Dispatchers.IO) {
                                MDC.put("io", "yes") // a dispatcher change isolates nothing: kept after the block
                                MDC.get("user")
                            }
                            val inFlow = flowOf(1).map { MDC.get("user") }.flowOn(Dispatchers.Default).toList().single()
                            val isolated = ContextLocal().flow {
                                MDC.put("user", "flow's own")
                                emit(MDC.get("user"))
                            }.flowOn(Dispatchers.IO).toList().single()
                            log.info("handler done")
                            call.respondText("$afterDelay $onIo $inFlow $isolated ${MDC.get("user")} ${MDC.get("io")}")
                        }
                    }
                }
                assertEquals("alice alice alice flow's own alice yes", client.get("/mdc").bodyAsText())
            }
            val handlerLine = logs.lines.single { it.message == "handler done" }
            assertEquals(mapOf("user" to "alice", "io" to "yes"), handlerLine.mdc)
            val callLine = logs.lines.single { it.message.startsWith("200 OK: GET - /mdc") }
            assertEquals(mapOf("user" to "alice", "io" to "yes"), callLine.mdc, "CallLogging's line")
        }
    }

    @Test
    fun `StatusPages handlers see the call's values and MDC as the failing handler left them`() {
        testApplication {
            application {
                install(ExtraContext)
                install(StatusPages) {
                    exception<IllegalStateException> { call, cause ->
                        call.respondText("${cause.message} ${user.getOrNull()} ${MDC.get("user")}", status = HttpStatusCode.InternalServerError)
                    }
                }
                routing {
                    get("/fail") {
                        user.set("bob")
                        withContext(Dispatchers.IO) { MDC.put("user", "bob-mdc") }
                        delay(1)
                        error("failed")
                    }
                }
            }
            val response = client.get("/fail")
            assertEquals(HttpStatusCode.InternalServerError, response.status)
            assertEquals("failed bob bob-mdc", response.bodyAsText())
        }
    }

    @Test
    fun `installed after StatusPages and CallLogging, the call's context still covers both`() {
        CapturedLogs().use { logs ->
            testApplication {
                application {
                    install(StatusPages) {
                        exception<IllegalStateException> { call, _ ->
                            call.respondText("${user.getOrNull()} ${MDC.get("user")}", status = HttpStatusCode.InternalServerError)
                        }
                    }
                    install(CallLogging) { disableDefaultColors() }
                    install(ExtraContext)
                    routing {
                        get("/late") {
                            user.set("dave")
                            MDC.put("user", "dave-mdc")
                            delay(1)
                            error("failed")
                        }
                    }
                }
                assertEquals("dave dave-mdc", client.get("/late").bodyAsText())
            }
            val callLine = logs.lines.single { it.message.startsWith("500 Internal Server Error: GET - /late") }
            assertEquals(mapOf("user" to "dave-mdc"), callLine.mdc, "CallLogging's line")
        }
    }

    @Test
    fun `after the call's pipeline has ended, the MDC provider runs a block in the context the call ended with`() {
        var ended: io.ktor.server.application.ApplicationCall? = null
        testApplication {
            application {
                install(ExtraContext)
                routing {
                    get("/") {
                        withContext(Dispatchers.IO) { MDC.put("user", "erin") }
                        ended = call
                        call.respondText("ok")
                    }
                }
            }
            client.get("/")
        }
        val seen = kotlinx.coroutines.runBlocking {
            var inBlock: String? = null
            ContextMdcProvider.withMDCBlock(ended!!) { inBlock = MDC.get("user") }
            inBlock
        }
        assertEquals("erin", seen)
        assertEquals(null, MDC.get("user"), "the caller's MDC is untouched")
    }

    @Test
    fun `the call id of Ktor's CallId lands in the named variable, and a bound MDC key shows it on CallLogging's line`() {
        ContextMdc.bind("callId", callId)
        try {
            CapturedLogs().use { logs ->
                testApplication {
                    application {
                        install(ExtraContext) { callId(callId) }
                        install(CallId) { header("X-Call-Id") }
                        install(CallLogging) { disableDefaultColors() }
                        routing { get("/") { call.respondText(callId.get()) } }
                    }
                    assertEquals("call-7", client.get("/") { header("X-Call-Id", "call-7") }.bodyAsText())
                }
                assertEquals("call-7", logs.lines.single { it.message.startsWith("200 OK: GET - /") }.mdc["callId"])
            }
        } finally {
            ContextMdc.unbind("callId")
        }
    }

    @Test
    fun `without CallId installed the call id variable stays unset`() {
        testApplication {
            application {
                install(ExtraContext) { callId(callId) }
                routing { get("/") { call.respondText(callId.getOrNull() ?: "<unset>") } }
            }
            assertEquals("<unset>", client.get("/").bodyAsText())
        }
    }

    @Test
    fun `CallLogging with MDC entries gets one warning naming the fix`() {
        CapturedJul().use { jul ->
            testApplication {
                application {
                    install(ExtraContext)
                    install(CallId) { generate { "id" } }
                    install(CallLogging) {
                        disableDefaultColors()
                        callIdMdc("callId")
                    }
                    routing { get("/") { call.respondText("ok") } }
                }
                client.get("/")
                client.get("/")
            }
            val warnings = jul.messages(Level.WARNING)
            assertEquals(1, warnings.size, "$warnings")
            assertTrue(warnings.single().contains("CallLogging has mdc/callIdMdc entries") && warnings.single().contains("ContextMdc.bind"), warnings.single())
        }
    }

    @Test
    fun `CallLogging without MDC entries, with extracontext-slf4j selected, gets no warning`() {
        CapturedJul().use { jul ->
            testApplication {
                application {
                    install(ExtraContext)
                    install(CallLogging) { disableDefaultColors() }
                    routing { get("/") { call.respondText("ok") } }
                }
                client.get("/")
            }
            assertEquals(emptyList<String>(), jul.messages(Level.WARNING))
        }
    }

    @Test
    fun `an MDC adapter other than extracontext's, with CallLogging installed, is warned about with the property to set`() {
        val warnings = Setup.warnings(listOf("Setup", "Call"), callLogging = true, mdcAdapter = "ch.qos.logback.classic.util.LogbackMDCAdapter")
        assertEquals(1, warnings.size)
        assertTrue(warnings.single().contains("-Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider"), warnings.single())
        assertEquals(emptyList<String>(), Setup.warnings(listOf("Setup"), callLogging = false, mdcAdapter = "ch.qos.logback.classic.util.LogbackMDCAdapter"))
    }
}
