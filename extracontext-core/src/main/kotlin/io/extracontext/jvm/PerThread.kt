package io.extracontext.jvm

/** A value per thread, made on first use: the pure backend's only tie to the platform. */
internal class PerThread<T : Any>(initial: () -> T) {
    private val local = ThreadLocal.withInitial(initial)

    fun get(): T = local.get()
}
