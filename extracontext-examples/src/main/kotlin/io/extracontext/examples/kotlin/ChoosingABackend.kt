package io.extracontext.examples.kotlin

import io.extracontext.Backend
import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.examples.Transcript
import java.util.concurrent.Callable

/**
 * Usage guide, "Choosing a Backend", in Kotlin. NATIVE (the default) keeps values in the context:
 * they travel to pools and isolation covers every variable. PURE is a self-contained single-thread
 * implementation: isolation covers only its namespace, and values stay on their thread.
 */
fun main() {
    val out = Transcript()
    val nativeCtx = ContextLocal(Backend.of("native"))
    val pureCtx = ContextLocal(Backend.of("pure"))
    val variable = ContextVar("var", "unset")
    out.println("default backend: ${ContextLocal().backend}")
    ContextPreservingExecutor(1).use { pool ->
        nativeCtx.enter().use {
            pureCtx.enter().use {
                nativeCtx.setAttribute("value", "native value")
                pureCtx.setAttribute("value", "pure value")
                out.println("on the pool, native: ${pool.submit(Callable { nativeCtx.getAttribute("value", "missing") }).get()}")
                out.println("on the pool, pure: ${pool.submit(Callable { pureCtx.getAttribute("value", "missing") }).get()}")
                nativeCtx.run { variable.set("set inside native isolation") }
                out.println("after native isolation, var = ${variable.get()}")
                pureCtx.run { variable.set("set inside pure isolation") }
                out.println("after pure isolation, var = ${variable.get()}")
            }
        }
    }
    val error = runCatching { Backend.of("python") }.exceptionOrNull()
    out.println("Backend.of(\"python\"): ${error?.message}")
    out.expect(
        listOf(
            "default backend: NATIVE",
            "on the pool, native: native value",
            "on the pool, pure: missing",
            "after native isolation, var = unset",
            "after pure isolation, var = set inside pure isolation",
            "Backend.of(\"python\"): Unknown backend 'python'; valid backends are: native, pure",
        ),
    )
}
