package io.extracontext.spi

import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi

/**
 * Reads for integrations that write what they read: a variable holding an integration's own chain
 * of scopes, read to push or pop one.
 */
@ExtraContextSpi
public object Variables {
    /**
     * The value of [variable] in the current context (its default when unset), read for a write of
     * it that follows at once. It answers as `get()` does, but a miss leaves no entry in the read
     * cache: the write would forget it, so recording it would only cost an allocation per write.
     *
     * ```kotlin
     * val top = Variables.readForWrite(frames)          // the innermost open scope
     * val token = frames.set(Frame(top))                 // pushed
     * ```
     *
     * @throws NoSuchElementException when [variable] is unset and has no default, as `get()` does.
     */
    @JvmStatic
    public fun <T> readForWrite(variable: ContextVar<T>): T = variable.getBeforeWrite()
}
