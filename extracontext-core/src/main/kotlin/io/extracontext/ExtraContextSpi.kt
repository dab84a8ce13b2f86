package io.extracontext

/**
 * Marks the service-provider interface that extracontext's own modules (coroutines, integrations)
 * build on. It may change in any release; application code should not need it.
 */
@RequiresOptIn(
    message = "The extracontext SPI is for extracontext's own integration modules and may change without notice.",
    level = RequiresOptIn.Level.ERROR,
)
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY)
public annotation class ExtraContextSpi
