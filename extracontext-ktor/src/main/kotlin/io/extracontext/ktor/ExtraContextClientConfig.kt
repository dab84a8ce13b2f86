package io.extracontext.ktor

import io.extracontext.ContextVar
import io.ktor.client.request.HttpRequestBuilder
import io.ktor.utils.io.KtorDsl

/**
 * What [ExtraContextClient] sends with each request, read from the context of the code that makes
 * the request.
 *
 * ```kotlin
 * val client = HttpClient(CIO) {
 *     install(ExtraContextClient) {
 *         header("X-Request-Id", requestId)
 *     }
 * }
 * ```
 */
@KtorDsl
public class ExtraContextClientConfig {
    @get:JvmSynthetic
    internal val headers: MutableMap<String, ContextVar<String>> = LinkedHashMap()

    @get:JvmSynthetic
    internal val injectors: MutableList<(HttpRequestBuilder) -> Unit> = ArrayList()

    /**
     * Sends [variable]'s current value (what `getOrNull()` returns: its value, else its default) as
     * the header [name]. Nothing is sent when it has none, when the request already has that
     * header, or when the value holds a character outside printable ASCII (which would break the
     * header; one `FINE` line says so).
     *
     * ```kotlin
     * install(ExtraContextClient) { header("X-Request-Id", requestId) }
     * ```
     */
    public fun header(name: String, variable: ContextVar<String>) {
        require(name.isNotBlank()) { "header name must not be blank" }
        headers[name] = variable
    }
}
