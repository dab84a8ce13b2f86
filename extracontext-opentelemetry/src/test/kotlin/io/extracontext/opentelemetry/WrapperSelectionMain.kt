package io.extracontext.opentelemetry

import io.extracontext.copyContext
import io.opentelemetry.context.Context
import io.opentelemetry.context.ContextKey
import io.opentelemetry.context.ContextStorage

/**
 * Runs in a JVM of its own (OpenTelemetry chooses its storage once per JVM): selects our storage the
 * way OpenTelemetry documents for any storage, from a wrapper, then checks that it is in effect and
 * keeps a scope inside an isolated block. Prints `PASS` or `FAIL detail`.
 */
object WrapperSelectionMain {
    @JvmStatic
    fun main(args: Array<String>) {
        try {
            ContextStorage.addWrapper { ExtraContextStorageProvider().get() }
            val key = ContextKey.named<String>("selected")
            val inEffect = ContextStorage.get().javaClass.simpleName
            val inside = copyContext().run {
                Context.current().with(key, "inside").makeCurrent()
                Context.current().get(key)
            }
            val after = Context.current().get(key)
            println(if (inEffect == "ExtraContextStorage" && inside == "inside" && after == null) "PASS" else "FAIL storage=$inEffect inside=$inside after=$after")
        } catch (e: Throwable) {
            println("FAIL $e")
            e.printStackTrace(System.out)
        }
    }
}
