package io.extracontext.spi

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.ExtraContextSpi
import io.extracontext.Scope

/**
 * One check of one test (or test class), as the `extracontext-test` kit's JUnit and kotest
 * extensions run it: [start] before, [finish] after, on the same thread.
 *
 * ```kotlin
 * val check = LeakCheck.start(freshContext = false, checkWorkers = true)
 * try { test() } finally { check.finish("MySpec")?.let { throw it } }
 * ```
 */
@ExtraContextSpi
public class LeakCheck private constructor(
    private val before: ThreadState,
    private val fresh: Scope?,
    private val checkWorkers: Boolean,
) {
    /**
     * Ends the check: puts back the thread's own cell if the check installed a fresh context, and
     * answers the failure to report for [what] (a test's or class's name), or `null` when nothing
     * leaked. The message lists each leak on its own line.
     *
     * ```kotlin
     * check.finish("a test that sets a value")?.let { throw it }
     * ```
     */
    public fun finish(what: String): AssertionError? {
        val leaks = ArrayList<String>()
        try {
            leaks += LeakProbe.leaksSince(before)
        } finally {
            // Closing it also closes any scope the test entered and left open, and says so.
            try {
                fresh?.close()
            } catch (misuse: IllegalStateException) {
                leaks += "a scope entered during the test was still open: ${misuse.message}"
            }
        }
        // Drained either way: a test that opted out of the worker check must not pass its dirty
        // workers on to the next test that did not.
        val workers = LeakProbe.drainWorkerLeaks()
        if (checkWorkers) leaks += workers
        if (leaks.isEmpty()) return null
        return AssertionError(
            "$what left context state behind (use set/reset or withValue, close every scope in a finally):" +
                leaks.joinToString("") { "\n  - $it" },
        )
    }

    /** Starts checks; from Java, `LeakCheck.start(fresh, workers)`. */
    public companion object {
        /**
         * Captures the current thread's state; with [freshContext], first installs an empty
         * context of its own on the thread (the thread's own comes back in [finish]); with
         * [checkWorkers], makes `ContextPreservingExecutor`s record dirty workers.
         *
         * ```kotlin
         * val check = LeakCheck.start(freshContext = true, checkWorkers = true)
         * ```
         */
        @JvmStatic
        public fun start(freshContext: Boolean, checkWorkers: Boolean): LeakCheck {
            if (checkWorkers) LeakProbe.watchWorkers(true)
            val fresh = if (freshContext) Executions.enter(ContextCell.startingFrom(Context())) else null
            return LeakCheck(LeakProbe.capture(), fresh, checkWorkers)
        }
    }
}
