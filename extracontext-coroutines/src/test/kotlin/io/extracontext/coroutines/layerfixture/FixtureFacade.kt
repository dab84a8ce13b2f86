package io.extracontext.coroutines.layerfixture

import io.extracontext.ContextVar

/** Stands for an integration's adapter between the application and a write (a logging facade's MDC). */
object FixtureFacade {
    fun put(variable: ContextVar<String>, value: String) {
        variable.set(value)
    }
}
