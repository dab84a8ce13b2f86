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
