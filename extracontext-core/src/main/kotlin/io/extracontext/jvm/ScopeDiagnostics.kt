package io.extracontext.jvm

import io.extracontext.Scope
import java.lang.ref.Cleaner
import java.util.logging.Level
import java.util.logging.Logger

/**
 * Strict mode's record of one open scope: where it was opened, and a cleaner action that reports
 * it if the scope object is collected before it was closed. The action holds this record, never
 * the scope, so registering does not keep the scope alive.
 */
internal class ScopeDiagnostics private constructor(val openedAt: Throwable) : Runnable {
    @Volatile
    var closed: Boolean = false

    override fun run() {
        if (!closed) logger.log(Level.SEVERE, "A Scope became unreachable while still open; it was opened here:", openedAt)
    }

    companion object {
        private val logger = Logger.getLogger("io.extracontext.Scope")
        private val cleaner by lazy { Cleaner.create() }

        fun register(scope: Scope): ScopeDiagnostics {
            val thread = Thread.currentThread().name
            val record = ScopeDiagnostics(Throwable("Scope opened here, on thread '$thread'"))
            cleaner.register(scope, record)
            return record
        }
    }
}
