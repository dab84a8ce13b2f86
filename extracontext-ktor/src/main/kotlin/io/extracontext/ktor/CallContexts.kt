package io.extracontext.ktor

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.ktor.server.application.ApplicationCall
import io.ktor.server.request.httpMethod
import io.ktor.server.request.path
import io.ktor.util.AttributeKey
import kotlinx.coroutines.withContext
import java.util.logging.Level

/** The element of the call's coroutine: its context for the whole pipeline. */
@get:JvmSynthetic
internal val CallElementKey: AttributeKey<ContextElement> = AttributeKey("io.extracontext.ktor.CallElement")

/** The call's context as its pipeline left it, recorded when the pipeline ends (normally or not). */
@get:JvmSynthetic
internal val FinalContextKey: AttributeKey<Context> = AttributeKey("io.extracontext.ktor.FinalContext")

/** The installed plugin's bindings, looked up per call through the application (see [ExtraContext]). */
@get:JvmSynthetic
internal val CallContextsKey: AttributeKey<CallContexts> = AttributeKey("io.extracontext.ktor.CallContexts")

// The attribute under which Ktor's CallId plugin keeps the call id (`call.callId` reads it); read
// by name so that this module needs no compile dependency on ktor-server-call-id.
private val KtorCallIdKey: AttributeKey<String> = AttributeKey("ExtractedCallId")

/** Runs calls in fresh contexts and binds the configured headers and call id into them. */
internal class CallContexts(
    private val headers: Map<String, ContextVar<String>>,
    private val callIdVariable: ContextVar<String>?,
    private val maxHeaderLength: Int,
) {
    /**
     * Runs [proceed] (the rest of the call's pipeline) in a fresh context of the call's own, the
     * configured headers already bound; a second entry for the same call (the application
     * pipeline inside the engine pipeline) just proceeds.
     */
    suspend fun inCallContext(call: ApplicationCall, proceed: suspend () -> Unit) {
        if (call.attributes.contains(CallElementKey)) {
            proceed()
            return
        }
        val fresh = Context()
        // The values stay in `fresh` (Context.run keeps its changes in the Context object); the
        // thread's own context is back when run returns.
        if (headers.isNotEmpty()) fresh.run { bindHeaders(call) }
        val element = ContextElement(fresh)
        call.attributes.put(CallElementKey, element)
        withContext(element) {
            try {
                proceed()
            } finally {
                call.attributes.put(FinalContextKey, copyContext())
            }
        }
    }

    /**
     * Sets the call id variable from Ktor's CallId, in the call's context (after CallId's `Setup`
     * interceptor). No reset: the value belongs to the call's context, which ends with the call.
     */
    fun bindCallId(call: ApplicationCall) {
        val variable = callIdVariable ?: return
        val id = call.attributes.getOrNull(KtorCallIdKey) ?: return
        val problem = HeaderValues.problem(id, maxHeaderLength)
        if (problem != null) {
            skipped(call, "call id", problem)
            return
        }
        variable.set(id)
    }

    private fun bindHeaders(call: ApplicationCall) {
        for ((name, variable) in headers) {
            val values = call.request.headers.getAll(name) ?: continue
            if (values.size != 1) {
                skipped(call, "header $name", "sent ${values.size} times")
                continue
            }
            val problem = HeaderValues.problem(values[0], maxHeaderLength)
            if (problem != null) {
                skipped(call, "header $name", problem)
                continue
            }
            variable.set(values[0])
        }
    }

    private fun skipped(call: ApplicationCall, what: String, problem: String) {
        // The value itself is never logged: it is untrusted and may be hostile.
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("extracontext-ktor: $what skipped for ${call.request.httpMethod.value} ${call.request.path()}: $problem")
        }
    }
}
