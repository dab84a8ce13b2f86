package io.extracontext.spi

import io.extracontext.ExtraContextSpi
import io.extracontext.jvm.WriteChecks

/**
 * What an integration module tells core about itself, so that core names no integration: the
 * coroutine-misuse reports (a write inside a coroutine without a `ContextElement`) skip the frames of
 * every registered layer to name the application's own call site, not the adapter's.
 *
 * ```kotlin
 * // in the integration's entry class (a static initialiser, or the object's init):
 * Integrations.registerLayer(ContextMdcAdapter::class.java, "org.slf4j.", "ch.qos.logback.")
 * ```
 */
@ExtraContextSpi
public object Integrations {
    /**
     * Registers the jar that [type] comes from (the integration module itself) and [frameworkPackages]
     * (the packages of the framework it adapts, as prefixes ending in a dot) as a layer between the
     * application and a write. Call it before the first write through the integration; calling it
     * again adds nothing new.
     *
     * ```kotlin
     * Integrations.registerLayer(ExtraContextAccessor::class.java, "io.micrometer.")
     * ```
     */
    @JvmStatic
    public fun registerLayer(type: Class<*>, vararg frameworkPackages: String): Unit = WriteChecks.registerLayer(type, frameworkPackages)
}
