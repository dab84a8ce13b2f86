package io.extracontext.jvm

internal object SystemProperties {
    /** True when the system property [name] is `true`; a security manager's refusal reads as false. */
    @JvmSynthetic
    fun flag(name: String): Boolean = try {
        System.getProperty(name).toBoolean()
    } catch (_: SecurityException) {
        false
    }
}
