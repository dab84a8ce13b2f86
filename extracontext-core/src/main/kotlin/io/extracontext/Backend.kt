package io.extracontext

/**
 * How a [ContextLocal] stores its values.
 *
 * ```kotlin
 * val ctx = ContextLocal(Backend.of("pure"))
 * ```
 */
public enum class Backend {
    /**
     * Values live in [Context]s, as `ContextVar`s do: they follow threads, coroutines, sequences and
     * [ContextPreservingExecutor] tasks, and isolation copies the whole context. The default, and the
     * one for production.
     */
    NATIVE,

    /**
     * A separate, self-contained single-thread implementation: isolation covers only that namespace,
     * lookups see the live outer values, and values stay on the thread that set them (they do not
     * travel to pools or coroutines). Useful to compare against, and to debug.
     */
    PURE,
    ;

    /** Looks backends up by name; from Java, `Backend.of("pure")`. */
    public companion object {
        /**
         * The backend with the given [name], ignoring case: `"native"` or `"pure"`.
         *
         * ```kotlin
         * Backend.of(System.getenv("CTX_BACKEND") ?: "native")
         * ```
         *
         * @throws IllegalArgumentException for any other name, listing the valid ones.
         */
        @JvmStatic
        public fun of(name: String): Backend = entries.firstOrNull { it.name.equals(name, ignoreCase = true) }
            ?: throw IllegalArgumentException(
                "Unknown backend '$name'; valid backends are: ${entries.joinToString { it.name.lowercase() }}",
            )
    }
}
