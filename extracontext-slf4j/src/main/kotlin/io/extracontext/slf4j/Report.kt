package io.extracontext.slf4j

/**
 * Reports a misconfiguration as SLF4J reports its own: through `org.slf4j.helpers.Reporter`
 * (SLF4J 2.0.10+, stderr by default, `SLF4J(W)`/`SLF4J(E)` prefixes), else on stderr directly.
 */
internal object Report {
    @JvmSynthetic
    fun warn(message: String) {
        try {
            org.slf4j.helpers.Reporter.warn(message)
        } catch (e: NoClassDefFoundError) {
            System.err.println("SLF4J(W): $message")
        }
    }

    @JvmSynthetic
    fun error(message: String) {
        try {
            org.slf4j.helpers.Reporter.error(message)
        } catch (e: NoClassDefFoundError) {
            System.err.println("SLF4J(E): $message")
        }
    }
}
