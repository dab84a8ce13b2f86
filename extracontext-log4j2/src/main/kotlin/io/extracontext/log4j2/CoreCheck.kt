package io.extracontext.log4j2

/** Whether core is on the class path beside this module: the map names the missing jar if not. */
internal object CoreCheck {
    const val CORE_CLASS: String = "io.extracontext.spi.DiagnosticContext"

    /** Throws an [IllegalStateException] naming the missing jar when [className] cannot be loaded. */
    @JvmSynthetic
    fun requireCore(className: String) {
        try {
            Class.forName(className, false, ContextThreadContextMap::class.java.classLoader)
        } catch (e: ClassNotFoundException) {
            throw missingCore(className, e)
        } catch (e: LinkageError) {
            throw missingCore(className, e)
        }
    }

    private fun missingCore(className: String, cause: Throwable) = IllegalStateException(
        "log4j2.threadContextMap names io.extracontext.log4j2.ContextThreadContextMap, but $className " +
            "cannot be loaded: put io.extracontext:extracontext-core (the same version as " +
            "extracontext-log4j2) on the class path. Log4j2 uses its default thread-local map until then.",
        cause,
    )
}
