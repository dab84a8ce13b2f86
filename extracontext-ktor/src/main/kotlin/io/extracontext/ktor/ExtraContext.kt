package io.extracontext.ktor

import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCallPipeline
import io.ktor.server.application.ApplicationPlugin
import io.ktor.server.application.ApplicationStarted
import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.pluginRegistry
import io.ktor.server.engine.BaseApplicationEngine
import io.ktor.server.engine.EnginePipeline
import io.ktor.util.AttributeKey
import io.ktor.util.pipeline.PipelinePhase
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The Ktor 3 server plugin: every call runs in a fresh context of its own, for its whole pipeline
 * (engine error handling, every plugin, routing, handlers, `StatusPages`, `CallLogging`), kept
 * across suspensions, dispatcher changes and `flowOn`, and gone when the call ends: nothing set
 * during a call is visible to another call or stays on an engine or dispatcher thread.
 *
 * ```kotlin
 * val requestId = ContextVar<String>("request_id")
 *
 * embeddedServer(Netty, port = 8080) {
 *     install(ExtraContext) {
 *         header("X-Request-Id", requestId)
 *     }
 *     routing {
 *         get("/") {
 *             MDC.put("user", "alice")          // kept until the call ends, on any thread
 *             withContext(Dispatchers.IO) { requestId.get() }
 *             call.respondText(requestId.get())
 *         }
 *     }
 * }
 * ```
 *
 * Logging: the plugin is the application's `MDCProvider`, so with `extracontext-slf4j` selected
 * (`-Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider`) `CallLogging`'s lines, the
 * engine's error logs and `StatusPages` handlers see the call's MDC as its handler left it. It
 * replaces the provider `CallLogging` registers; `CallLogging`'s own `mdc { }`/`callIdMdc` entries
 * still copy the MDC per resume and drop an `MDC.put` at the next suspension (ktorio/ktor#1414), so
 * the plugin warns once when it finds them: bind variables to MDC keys with `ContextMdc.bind`
 * instead.
 *
 * Install it once, first among the plugins; see [ExtraContextConfig] for what it binds.
 */
public val ExtraContext: ApplicationPlugin<ExtraContextConfig> = createApplicationPlugin("ExtraContext", ::ExtraContextConfig) {
    val contexts = CallContexts(pluginConfig.headers.toMap(), pluginConfig.callIdVariable, pluginConfig.maxHeaderLength)
    val app = application
    app.attributes.put(CallContextsKey, contexts)

    // The outermost layer: the engine's pipeline, around its error handling and error logs.
    hookEnginePipeline(app)
    // The same, first in the application's pipeline, for an engine whose pipeline is not reachable
    // (inside the engine hook it only proceeds).
    val phase = PipelinePhase("ExtraContext")
    app.insertPhaseBefore(app.items.first(), phase)
    app.intercept(phase) { contexts.inCallContext(context) { proceed() } }
    if (pluginConfig.callIdVariable != null) {
        app.intercept(ApplicationCallPipeline.Monitoring) { contexts.bindCallId(context) }
    }

    app.pluginRegistry.put(ContextMdcProviderKey, ContextMdcProvider)
    val checked = AtomicBoolean()
    // Plugins installed after this one (CallLogging registers its own MDCProvider) are in place
    // once the application has started.
    app.monitor.subscribe(ApplicationStarted) { started ->
        if (checked.compareAndSet(false, true)) Setup.check(started)
    }
}

private val ContextMdcProviderKey: AttributeKey<ContextMdcProvider> = AttributeKey("io.extracontext.ktor.ContextMdcProvider")
private val EngineHookKey: AttributeKey<Unit> = AttributeKey("io.extracontext.ktor.EngineHook")

private fun hookEnginePipeline(app: Application) {
    // Application.engine throws when the application was made without one (a bare Application in a test).
    val pipeline = try {
        (app.engine as? BaseApplicationEngine)?.pipeline
    } catch (_: RuntimeException) {
        null
    } ?: return
    // Once per engine: after a development-mode reload the new application's bindings are read per call.
    if (pipeline.attributes.contains(EngineHookKey)) return
    pipeline.attributes.put(EngineHookKey, Unit)
    val phase = PipelinePhase("ExtraContext")
    pipeline.insertPhaseBefore(EnginePipeline.Before, phase)
    pipeline.intercept(phase) {
        val contexts = context.application.attributes.getOrNull(CallContextsKey)
        if (contexts == null) proceed() else contexts.inCallContext(context) { proceed() }
    }
}
