package io.extracontext.ktor

import io.extracontext.ContextVar
import io.extracontext.coroutines.asContextElement
import io.extracontext.opentelemetry.ContextVarPropagator
import io.ktor.client.HttpClient
import io.ktor.client.plugins.HttpClientPlugin
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import io.ktor.server.testing.ApplicationTestBuilder
import io.ktor.server.testing.testApplication
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.util.logging.Level

class ClientPluginTest {
    private val requestId = ContextVar<String>("request_id")
    private val tenant = ContextVar("tenant", "default-tenant")

    /** A server echoing the headers X-Request-Id, X-Tenant and baggage; a client made by [makeClient] sends one request. */
    private fun echo(makeClient: ApplicationTestBuilder.() -> HttpClient, send: suspend (HttpClient) -> String): String {
        var body = ""
        testApplication {
            routing {
                get("/") {
                    val h = call.request.headers
                    call.respondText("${h["X-Request-Id"]} ${h["X-Tenant"]} ${h["baggage"]}")
                }
            }
            body = send(makeClient())
        }
        return body
    }

    private fun ApplicationTestBuilder.withPlugin(block: ExtraContextClientConfig.() -> Unit): HttpClient = createClient { install(ExtraContextClient, block) }

    @Test
    fun `the caller's value of a variable is sent as its header`() {
        val body = echo({ withPlugin { header("X-Request-Id", requestId) } }) { client ->
            withContext(requestId.asContextElement("r-1")) { client.get("/").bodyAsText() }
        }
        assertEquals("r-1 null null", body)
    }

    @Test
    fun `a variable with no value sends nothing`() {
        assertEquals("null null null", echo({ withPlugin { header("X-Request-Id", requestId) } }) { it.get("/").bodyAsText() })
    }

    @Test
    fun `a variable's default is its current value and is sent`() {
        assertEquals("null default-tenant null", echo({ withPlugin { header("X-Tenant", tenant) } }) { it.get("/").bodyAsText() })
    }

    @Test
    fun `a header the request already has is not overwritten`() {
        val body = echo({ withPlugin { header("X-Request-Id", requestId) } }) { client ->
            withContext(requestId.asContextElement("r-1")) { client.get("/") { header("X-Request-Id", "explicit") }.bodyAsText() }
        }
        assertEquals("explicit null null", body)
    }

    @Test
    fun `a value that would break the header is not sent, with one FINE line`() {
        CapturedJul().use { jul ->
            val body = echo({ withPlugin { header("X-Request-Id", requestId) } }) { client ->
                withContext(requestId.asContextElement("r-1\r\nX-Evil: 1")) { client.get("/").bodyAsText() }
            }
            assertEquals("null null null", body)
            val fine = jul.messages(Level.FINE)
            assertEquals(1, fine.size, "$fine")
            assertEquals("extracontext-ktor: header X-Request-Id not sent: character U+000D at index 3 is not printable ASCII", fine.single())
        }
    }

    @Test
    fun `variables of a ContextVarPropagator travel as W3C baggage`() {
        val propagator = ContextVarPropagator.builder().add(requestId, "request_id").build()
        val body = echo({ withPlugin { propagator(propagator) } }) { client ->
            withContext(requestId.asContextElement("r-2")) { client.get("/").bodyAsText() }
        }
        assertEquals("null null request_id=r-2", body)
    }

    @Test
    fun `the plugin's key names it`() {
        assertEquals("ExtraContextClient", (ExtraContextClient as HttpClientPlugin<*, *>).key.name)
    }
}
