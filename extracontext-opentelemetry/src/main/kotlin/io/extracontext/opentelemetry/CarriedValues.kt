package io.extracontext.opentelemetry

import io.extracontext.ContextVar
import io.extracontext.Token
import io.opentelemetry.context.Context
import io.opentelemetry.context.ContextKey
import java.util.logging.Level

/**
 * The values of our variables that an [ContextVarPropagator.extract] read from a request, kept in
 * the OpenTelemetry [Context] it returns until that context is made current.
 */
internal class CarriedValues(
    @JvmField val variables: Array<ContextVar<Any?>>,
    @JvmField val values: Array<Any?>,
) {
    /** Sets every carried value in the current extracontext context; the tokens undo it. */
    fun enter(): Array<Token<Any?>> = Array(variables.size) { i -> variables[i].set(values[i]) }

    /** The carried value of [variable], or [NONE]. */
    fun valueOf(variable: ContextVar<*>): Any? {
        for (i in variables.indices) if (variables[i] === variable) return values[i]
        return NONE
    }

    companion object {
        @get:JvmSynthetic val KEY: ContextKey<CarriedValues> = ContextKey.named("io.extracontext.opentelemetry.carried-values")

        @get:JvmSynthetic val NONE: Any = Any()

        private val misuse = OnceLog(Level.FINE, "extracontext-opentelemetry: a scope was closed in another extracontext context than it was opened in; that context was left unchanged")

        @JvmSynthetic
        fun of(context: Context?): CarriedValues? = context?.get(KEY)

        /**
         * Sets the values [attached] carries when it becomes current over [before] (what was current),
         * and returns their tokens; `null` when it carries none, or the same ones as [before]: values
         * from an extract are set when their context first becomes current, and a child context (a
         * span started under it) carries the same values and must not overwrite what the service code
         * has set since.
         */
        @JvmSynthetic
        fun enterOver(attached: Context, before: Context?): Array<Token<Any?>>? {
            val carried = attached.get(KEY) ?: return null
            return if (carried !== before?.get(KEY)) carried.enter() else null
        }

        /**
         * Undoes [enter]: resets in reverse order. A token created in another extracontext context than
         * the current one cannot be reset there (core's rule); that is logged once and skipped, never
         * thrown out of an OpenTelemetry `Scope.close()`, which users do not expect to throw.
         */
        @JvmSynthetic
        fun exit(tokens: Array<Token<Any?>>?) {
            if (tokens == null) return
            for (i in tokens.indices.reversed()) resetQuietly(tokens[i])
        }

        /** Resets [token]; `false` (logged once) where core refuses, i.e. in another context or a second time. */
        @JvmSynthetic
        fun <T> resetQuietly(token: Token<T>): Boolean = try {
            token.variable.reset(token)
            true
        } catch (e: IllegalArgumentException) {
            misuse.report(e.message ?: e.toString())
            false
        } catch (e: IllegalStateException) {
            misuse.report(e.message ?: e.toString())
            false
        }
    }
}
