package io.extracontext

import io.extracontext.pmap.Absent
import io.extracontext.pmap.PersistentMap

/**
 * What [ContextVar.set] returns: the receipt that [ContextVar.reset] (or [close]) takes to restore
 * the variable's previous state. A token works once, in the context where it was created.
 *
 * ```kotlin
 * user.set("alice").use { serve() }      // Kotlin: reset on exit
 * // Java: try (Token<String> t = user.set("alice")) { serve(); }
 * ```
 */
public class Token<T> private constructor(
    /** The variable whose [ContextVar.set] created this token. */
    public val variable: ContextVar<T>,
    @JvmField @JvmSynthetic internal val context: Context,
    @JvmField @JvmSynthetic internal val before: PersistentMap<ContextVar<*>, Any?>,
    @JvmField @JvmSynthetic internal val after: PersistentMap<ContextVar<*>, Any?>,
) : AutoCloseable {

    @JvmField
    @JvmSynthetic
    internal var used: Boolean = false

    /**
     * The value the variable had before the [ContextVar.set] that created this token, or [MISSING]
     * when it had none.
     *
     * ```kotlin
     * if (token.oldValue === Token.MISSING) println("was unset")
     * ```
     */
    public val oldValue: Any?
        get() = before.get(variable).let { if (it === Absent) MISSING else it }

    /**
     * The same as `variable.reset(this)`: a second close throws [IllegalStateException].
     *
     * ```kotlin
     * requestId.set("r-1").use { handle() }
     * ```
     */
    override fun close(): Unit = variable.reset(this)

    override fun toString(): String = "Token(variable=${variable.name}, used=$used)"

    /** Holds [MISSING]; from Java, `Token.MISSING`. */
    public companion object {
        /** The [oldValue] of a token whose variable had no value before the set. */
        @JvmField
        public val MISSING: Any = object : Any() {
            override fun toString(): String = "Token.MISSING"
        }

        /** The receipt of a set of [variable] in [context] that replaced the map [before] by [after]. */
        @JvmSynthetic
        internal fun <T> create(
            variable: ContextVar<T>,
            context: Context,
            before: PersistentMap<ContextVar<*>, Any?>,
            after: PersistentMap<ContextVar<*>, Any?>,
        ): Token<T> = Token(variable, context, before, after)
    }
}
