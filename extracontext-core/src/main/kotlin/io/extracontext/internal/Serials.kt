package io.extracontext.internal

import kotlin.concurrent.atomics.AtomicInt
import kotlin.concurrent.atomics.ExperimentalAtomicApi
import kotlin.concurrent.atomics.fetchAndIncrement

/** Process-wide counters that give variables their hash codes and namespaces their labels. */
@OptIn(ExperimentalAtomicApi::class)
internal object Serials {
    // Spread like ThreadLocal's hash codes, so consecutive variables land in distinct trie slots.
    private const val HASH_INCREMENT = 0x61c88647
    private val variables = AtomicInt(0)
    private val namespaces = AtomicInt(0)

    fun nextVariableHash(): Int = HASH_INCREMENT * variables.fetchAndIncrement()

    /** Names the variable behind a native namespace, so a printed `Context` says whose entry is whose. */
    fun nextNamespaceLabel(className: String?): String = "${className ?: "ContextLocal"}#${namespaces.fetchAndIncrement()}"
}
