package io.extracontext.ktor.readme

import io.extracontext.slf4j.ContextMdc
import io.ktor.client.engine.mock.MockEngine
import io.ktor.client.engine.mock.respond
import io.ktor.client.request.get
import io.ktor.client.request.header
import io.ktor.client.statement.bodyAsText
import io.ktor.server.testing.testApplication
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class ReadmeSnippetTest {
    @Test
    fun `the README's server answers with the header's value, the call id, the MDC and what the downstream call sent`() {
        try {
            testApplication {
                val downstream = io.ktor.client.HttpClient(MockEngine { request -> respond("stock for ${request.headers["X-Request-Id"]}") })
                application { module(downstreamClient(downstream)) }
                assertEquals("r-9 call-1 alice stock for r-9", client.get("/orders") { header("X-Request-Id", "r-9") }.bodyAsText())
            }
        } finally {
            ContextMdc.unbind("requestId")
        }
    }
}
