package io.extracontext.ktor

import io.extracontext.coroutines.ContextElement
import io.ktor.server.application.ApplicationCall
import io.ktor.server.logging.MDCProvider
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.withContext

/**
 * Ktor's MDC hook (`Application.mdcProvider`, used around the engine's error logs and StatusPages'
 * exception handlers): the block runs in the call's own context, so with `extracontext-slf4j` the
 * MDC it logs with is the call's, as its handler left it.
 *
 * Inside the call's pipeline that is simply where the block already runs. After the pipeline has
 * ended (an engine without the engine-pipeline hook), the block runs in a copy of the context the
 * call ended with.
 */
internal object ContextMdcProvider : MDCProvider {
    override suspend fun withMDCBlock(call: ApplicationCall, block: suspend () -> Unit) {
        val element = call.attributes.getOrNull(CallElementKey)
        val final = call.attributes.getOrNull(FinalContextKey)
        if (element == null || final == null || currentCoroutineContext()[ContextElement] === element) {
            block()
        } else {
            withContext(ContextElement(final)) { block() }
        }
    }
}
