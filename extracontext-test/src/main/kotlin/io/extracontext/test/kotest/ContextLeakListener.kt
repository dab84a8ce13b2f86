@file:OptIn(ExtraContextSpi::class)

package io.extracontext.test.kotest

import io.extracontext.ExtraContextSpi
import io.extracontext.spi.LeakCheck
import io.kotest.core.extensions.SpecExtension
import io.kotest.core.extensions.TestCaseExtension
import io.kotest.core.spec.Spec
import io.kotest.core.test.TestCase
import io.kotest.engine.test.TestResult

/**
 * A kotest extension that fails a test which leaves extracontext state behind: a value in the
 * thread's context, a scope left open (with `StrictMode` on, the message shows where it was
 * opened), or a value left on a `ContextPreservingExecutor` worker; the message names each
 * variable, attribute or scope. The same check runs around the whole spec. Register it for every
 * spec in the project config, or per spec:
 *
 * ```kotlin
 * object ProjectConfig : AbstractProjectConfig() {            // io.kotest.provided.ProjectConfig
 *     override val extensions = listOf(ContextLeakListener())
 * }
 * class OrderSpec : FunSpec({
 *     extension(ContextLeakListener(freshContext = true))
 * })
 * ```
 *
 * A test is checked on the thread it starts on, and compared only if it ends there too (a
 * coroutine test may resume elsewhere; give it a `ContextElement` to keep its own context).
 *
 * @param freshContext runs each test in a fresh, empty context installed on the thread it starts
 *   on (the thread's own is back afterwards); the test must still leave it empty.
 * @param checkWorkers also fails a test after which a `ContextPreservingExecutor` worker was found
 *   holding values between tasks; turn it off for tests that do that on purpose.
 */
public class ContextLeakListener @JvmOverloads constructor(
    private val freshContext: Boolean = false,
    private val checkWorkers: Boolean = true,
) : SpecExtension, TestCaseExtension {

    /** Checks the whole spec: what its callbacks and tests leave on the thread it runs on. */
    override suspend fun intercept(spec: Spec, execute: suspend (Spec) -> Unit) {
        val check = LeakCheck.start(freshContext = false, checkWorkers = checkWorkers)
        execute(spec)
        check.finish(spec::class.simpleName ?: spec::class.java.name)?.let { throw it }
    }

    /** Checks one test (or container); a test that failed already keeps its error, the leak added as suppressed. */
    override suspend fun intercept(testCase: TestCase, execute: suspend (TestCase) -> TestResult): TestResult {
        val check = LeakCheck.start(freshContext, checkWorkers)
        val result = try {
            execute(testCase)
        } catch (e: Throwable) {
            check.finish(testCase.name.name)?.let(e::addSuppressed)
            throw e
        }
        val leak = check.finish(testCase.name.name) ?: return result
        val error = result.errorOrNull
        if (error != null) {
            error.addSuppressed(leak)
            return result
        }
        return TestResult.Failure(result.duration, leak)
    }

    override fun toString(): String = "ContextLeakListener(freshContext=$freshContext, checkWorkers=$checkWorkers)"
}
