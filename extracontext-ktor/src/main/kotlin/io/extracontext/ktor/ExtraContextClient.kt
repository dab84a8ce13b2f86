package io.extracontext.ktor

import io.ktor.client.plugins.api.ClientPlugin
import io.ktor.client.plugins.api.createClientPlugin
import java.util.logging.Level

/**
 * The Ktor client plugin: chosen variables travel with every request, as headers of their own
 * ([ExtraContextClientConfig.header]) or as W3C baggage through a `ContextVarPropagator` of
 * `extracontext-opentelemetry` ([propagator]), read in the context of the code that sends the
 * request.
 *
 * ```kotlin
 * val client = HttpClient(CIO) {
 *     install(ExtraContextClient) {
 *         header("X-Request-Id", requestId)
 *     }
 * }
 * requestId.withValue("r-1") { runBlocking { client.get(url) } }   // sends X-Request-Id: r-1
 * ```
 */
public val ExtraContextClient: ClientPlugin<ExtraContextClientConfig> = createClientPlugin("ExtraContextClient", ::ExtraContextClientConfig) {
    val headers = pluginConfig.headers.toMap()
    val injectors = pluginConfig.injectors.toList()
    onRequest { request, _ ->
        for ((name, variable) in headers) {
            val value = variable.getOrNull() ?: continue
            if (request.headers.contains(name)) continue
            val problem = HeaderValues.problem(value, Int.MAX_VALUE)
            if (problem != null) {
                if (LOG.isLoggable(Level.FINE)) LOG.fine("extracontext-ktor: header $name not sent: $problem")
                continue
            }
            request.headers.append(name, value)
        }
        for (inject in injectors) inject(request)
    }
}
