@file:OptIn(ExtraContextSpi::class)

package io.extracontext.test.junit5

import io.extracontext.ExtraContextSpi
import io.extracontext.spi.LeakCheck
import org.junit.jupiter.api.extension.AfterAllCallback
import org.junit.jupiter.api.extension.AfterEachCallback
import org.junit.jupiter.api.extension.BeforeAllCallback
import org.junit.jupiter.api.extension.BeforeEachCallback
import org.junit.jupiter.api.extension.ExtensionContext

/**
 * A JUnit 5 extension that fails a test which leaves extracontext state behind: a value in the
 * test thread's context (a `ContextVar` set without a reset, a `ContextLocal` attribute written
 * outside an isolated block), a scope left open (`ContextLocal.enter()` without `close()`; with
 * `StrictMode` on, the message shows where it was opened), or a value left on a
 * `ContextPreservingExecutor` worker. The message names each variable, attribute or scope. The
 * same check also runs around the whole class (`@BeforeAll` … `@AfterAll`).
 *
 * ```java
 * @ExtendWith(ContextLeakExtension.class)
 * class OrderServiceTest { ... }
 *
 * class FreshTest {
 *     @RegisterExtension
 *     static ContextLeakExtension leaks = new ContextLeakExtension().withFreshContext();
 * }
 * ```
 *
 * It registers itself for every test class when JUnit's auto-detection is on
 * (`junit.jupiter.extensions.autodetection.enabled=true` in `junit-platform.properties`). The
 * configuration parameters `extracontext.test.freshContext` and `extracontext.test.checkWorkers`
 * (`true`/`false`) set the options of instances made by `@ExtendWith` or auto-detection.
 *
 * The check compares the thread a test starts and ends on, so it fits tests that run one at a
 * time per thread (JUnit's default); the worker check is process-wide, so a dirty worker seen
 * while tests run in parallel may be reported by a neighbour.
 */
public class ContextLeakExtension private constructor(
    private val freshContext: Boolean?,
    private val checkWorkers: Boolean?,
) : BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /**
     * The extension with its defaults (no fresh context, workers checked), or the configuration
     * parameters' values: what `@ExtendWith` and auto-detection create.
     *
     * ```java
     * @ExtendWith(ContextLeakExtension.class)
     * ```
     */
    public constructor() : this(null, null)

    /**
     * The same extension, running each test in a fresh, empty context of its own (installed before
     * the `@BeforeEach` methods, removed after the `@AfterEach` ones); the thread's own context is
     * back afterwards. The test must still leave that fresh context empty.
     *
     * ```java
     * @RegisterExtension static ContextLeakExtension leaks = new ContextLeakExtension().withFreshContext();
     * ```
     */
    public fun withFreshContext(): ContextLeakExtension = ContextLeakExtension(true, checkWorkers)

    /**
     * The same extension without the worker check, for tests that leave values on a pool's worker
     * on purpose.
     *
     * ```java
     * @RegisterExtension static ContextLeakExtension leaks = new ContextLeakExtension().withoutWorkerCheck();
     * ```
     */
    public fun withoutWorkerCheck(): ContextLeakExtension = ContextLeakExtension(freshContext, false)

    private fun fresh(context: ExtensionContext): Boolean = freshContext ?: context.getConfigurationParameter(FRESH_CONTEXT).map(String::toBoolean).orElse(false)

    private fun workers(context: ExtensionContext): Boolean = checkWorkers ?: context.getConfigurationParameter(CHECK_WORKERS).map { !it.equals("false", ignoreCase = true) }.orElse(true)

    // Keyed by this instance: two registrations (auto-detected and explicit) keep their own checks.
    private fun store(context: ExtensionContext): ExtensionContext.Store = context.getStore(ExtensionContext.Namespace.create(ContextLeakExtension::class.java, this))

    /** Captures the thread's state before the class's `@BeforeAll` methods. */
    override fun beforeAll(context: ExtensionContext) {
        store(context).put(KEY, LeakCheck.start(freshContext = false, checkWorkers = workers(context)))
    }

    /** Fails the class when it left state behind since [beforeAll]. */
    override fun afterAll(context: ExtensionContext) {
        finish(context)
    }

    /** Captures the thread's state (in a fresh context when asked) before the `@BeforeEach` methods. */
    override fun beforeEach(context: ExtensionContext) {
        store(context).put(KEY, LeakCheck.start(fresh(context), workers(context)))
    }

    /** Fails the test when it left state behind since [beforeEach]; puts the thread's own context back. */
    override fun afterEach(context: ExtensionContext) {
        finish(context)
    }

    private fun finish(context: ExtensionContext) {
        val check = store(context).remove(KEY, LeakCheck::class.java) ?: return
        check.finish(context.displayName)?.let { throw it }
    }

    override fun toString(): String = "ContextLeakExtension(freshContext=$freshContext, checkWorkers=$checkWorkers)"

    private companion object {
        const val KEY = "check"
        const val FRESH_CONTEXT = "extracontext.test.freshContext"
        const val CHECK_WORKERS = "extracontext.test.checkWorkers"
    }
}
