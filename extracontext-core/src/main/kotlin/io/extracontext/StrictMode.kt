package io.extracontext

import io.extracontext.jvm.SystemProperties

/**
 * Diagnostics for [Scope] misuse, off by default.
 *
 * When on, every [ContextLocal.enter] records where it was called. The [IllegalStateException] of
 * a misused scope then carries that location as its cause, and a scope that becomes unreachable
 * while still open is reported through `java.util.logging` (logger `io.extracontext.Scope`, level
 * SEVERE) with the location. When off, entering a scope records nothing and costs no stack walk.
 *
 * Strict mode also reports every write (a `set`, an attribute, an `enter()`) made inside a running
 * kotlinx coroutine that has no `ContextElement` of `extracontext-coroutines`, once per call site,
 * through logger `io.extracontext.coroutines` at WARNING; every write outside a coroutine's element
 * then costs a stack walk.
 * Without strict mode only the first write into a `Dispatchers.Default`/`IO` worker thread's own
 * context is reported, once per thread.
 *
 * ```kotlin
 * StrictMode.enabled = true            // or start the JVM with -Dextracontext.strict=true
 * // Java: StrictMode.setEnabled(true); StrictMode.isEnabled();
 * ```
 */
public object StrictMode {
    /**
     * Whether scopes record where they were opened. Starts as the system property `extracontext.strict`.
     * Java sees `StrictMode.isEnabled()` / `StrictMode.setEnabled(boolean)`.
     */
    @JvmStatic
    @get:JvmName("isEnabled")
    @Volatile
    public var enabled: Boolean = SystemProperties.flag("extracontext.strict")
}
