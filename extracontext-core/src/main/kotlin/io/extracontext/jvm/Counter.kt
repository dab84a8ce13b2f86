package io.extracontext.jvm

import java.util.concurrent.atomic.AtomicInteger

/** A process-wide counter: what gives variables their hash codes and namespaces their labels. */
internal class Counter {
    private val value = AtomicInteger()

    /** 0, 1, 2, ... across all threads, each number once. */
    fun next(): Int = value.getAndIncrement()
}
