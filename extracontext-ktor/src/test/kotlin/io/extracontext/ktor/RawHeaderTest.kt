package io.extracontext.ktor

import io.extracontext.ContextVar
import io.ktor.server.application.install
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.logging.Level

/**
 * Bad header values that Ktor's own client refuses to send, sent over a raw socket to Netty. (NUL,
 * BEL and the like never reach the plugin there: Netty's decoder refuses the request itself; the
 * rule's own test covers them.)
 */
class RawHeaderTest {
    private val requestId = ContextVar<String>("request_id")

    private fun send(vararg headerLines: String): Pair<Pair<String, String>, List<String>> = CapturedJul().use { jul ->
        NettyServer {
            install(ExtraContext) { header("X-Request-Id", requestId) }
            routing { get("/") { call.respondText(requestId.getOrNull() ?: "<unset>") } }
        }.use { server ->
            val response = server.raw((listOf("GET / HTTP/1.1") + headerLines).joinToString("\r\n"))
            response to jul.messages(Level.FINE)
        }
    }

    private fun assertSkipped(reason: String, vararg headerLines: String) {
        val (response, fine) = send(*headerLines)
        assertEquals("HTTP/1.1 200 OK", response.first, "the call goes on")
        assertEquals("<unset>", response.second, "the variable stays unset")
        assertEquals(1, fine.size, "one FINE line: $fine")
        assertTrue(fine.single().contains("header X-Request-Id skipped for GET /") && fine.single().contains(reason), fine.single())
    }

    @Test
    fun `a value sent by a real client over Netty is bound`() {
        assertEquals("HTTP/1.1 200 OK" to "req-1", send("X-Request-Id: req-1").first)
    }

    @Test
    fun `a value with a C1 control character is skipped`() = assertSkipped("U+0085", "X-Request-Id: req\u00851")

    @Test
    fun `a header sent on two lines is skipped`() = assertSkipped("sent 2 times", "X-Request-Id: req-1", "X-Request-Id: req-2")
}
