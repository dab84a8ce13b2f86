package io.extracontext.jvm

/**
 * The JVM binding of "the current execution": one thread-local slot for the whole context, not
 * one per variable (thread locals are costly, more so on virtual threads). It holds the model's
 * cell, typed `Any?` here so that this layer knows nothing of the model above it; the model's
 * accessors cast, which costs what the cast of a typed `ThreadLocal.get()` costs.
 *
 * `null` in the slot is the empty root context. Restoring the root writes `null` rather than a
 * shared root object, so a pooled thread of a container never pins this library's class loader.
 */
internal object ThreadSlot {
    private val slot = ThreadLocal<Any?>()

    // The innermost scope entered through the SPI on this thread (`spi.Executions`), kept apart from
    // the cell so that the read path never pays for it.
    private val entered = ThreadLocal<Any?>()

    /** What is installed on this thread, or `null` for the root. */
    @JvmSynthetic
    fun get(): Any? = slot.get()

    /** Installs [value] (`null`: the root). */
    @JvmSynthetic
    fun set(value: Any?) = slot.set(value)

    /** Installs [value] (`null`: the root) and returns what was installed before. */
    @JvmSynthetic
    fun swap(value: Any?): Any? {
        val old = slot.get()
        slot.set(value)
        return old
    }

    /** The innermost entered scope on this thread, or `null`. */
    @JvmSynthetic
    fun entered(): Any? = entered.get()

    /** Records [scope] (`null`: none) as the innermost entered scope on this thread. */
    @JvmSynthetic
    fun enter(scope: Any?) = entered.set(scope)
}
