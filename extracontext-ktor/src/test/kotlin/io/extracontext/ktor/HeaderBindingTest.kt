package io.extracontext.ktor

import io.extracontext.ContextVar
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import io.ktor.server.testing.testApplication
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.logging.Level

class HeaderBindingTest {
    private val requestId = ContextVar<String>("request_id")

    /** Sends [values] as the header X-Request-Id (one header line each) and returns the status, the body and the FINE lines. */
    private fun call(vararg values: String, maxLength: Int? = null): Triple<HttpStatusCode, String, List<String>> {
        CapturedJul().use { jul ->
            var result: Pair<HttpStatusCode, String>? = null
            testApplication {
                application {
                    install(ExtraContext) {
                        header("X-Request-Id", requestId)
                        if (maxLength != null) maxHeaderLength = maxLength
                    }
                    routing {
                        get("/") { call.respondText(requestId.getOrNull() ?: "<unset>") }
                    }
                }
                val response = client.get("/") { values.forEach { header("X-Request-Id", it) } }
                result = response.status to response.bodyAsText()
            }
            return Triple(result!!.first, result!!.second, jul.messages(Level.FINE))
        }
    }

    private fun assertSkipped(reason: String, vararg values: String, maxLength: Int? = null) {
        val (status, body, fine) = call(*values, maxLength = maxLength)
        assertEquals(HttpStatusCode.OK, status, "the call goes on")
        assertEquals("<unset>", body, "the variable stays unset")
        assertEquals(1, fine.size, "one FINE line: $fine")
        assertTrue(fine.single().contains("header X-Request-Id skipped for GET /") && fine.single().contains(reason), fine.single())
    }

    @Test
    fun `a header's value is the variable's value in the handler`() {
        val (status, body, fine) = call("req-1")
        assertEquals(HttpStatusCode.OK, status)
        assertEquals("req-1", body)
        assertEquals(emptyList<String>(), fine)
    }

    @Test
    fun `a call without the header leaves the variable unset and logs nothing`() {
        val (_, body, fine) = call()
        assertEquals("<unset>", body)
        assertEquals(emptyList<String>(), fine)
    }

    @Test
    fun `a value of exactly 256 characters is bound`() {
        assertEquals("a".repeat(256), call("a".repeat(256)).second)
    }

    @Test
    fun `a value longer than 256 characters is skipped`() = assertSkipped("longer than 256 characters (257)", "a".repeat(257))

    @Test
    fun `a value longer than a configured maxHeaderLength is skipped`() = assertSkipped("longer than 8 characters (9)", "123456789", maxLength = 8)

    @Test
    fun `a value with a tab is skipped`() = assertSkipped("U+0009", "req\t1")

    @Test
    fun `a value with DEL is skipped`() = assertSkipped("U+007F", "req\u007f1")

    @Test
    fun `a value with a non-ASCII character is skipped`() = assertSkipped("U+00E9", "r\u00e9q")

    @Test
    fun `a negative maxHeaderLength is refused at configuration`() {
        val error = runCatching { ExtraContextConfig().maxHeaderLength = -1 }.exceptionOrNull()
        assertTrue(error is IllegalArgumentException && error.message!!.contains("maxHeaderLength"), "$error")
    }
}
