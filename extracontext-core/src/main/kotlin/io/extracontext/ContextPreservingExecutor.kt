package io.extracontext

import io.extracontext.jvm.VirtualThreads
import java.util.concurrent.AbstractExecutorService
import java.util.concurrent.ExecutorService
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ThreadFactory
import java.util.concurrent.ThreadPoolExecutor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * An [ExecutorService] whose every task runs in a copy of the submitter's context, taken at
 * submission: Python's `extracontext.ContextPreservingExecutor`.
 *
 * ```kotlin
 * ContextPreservingExecutor(4).use { pool ->
 *     requestId.set("r-1")
 *     pool.submit { check(requestId.get() == "r-1") }.get()
 * }
 * // Java: try (var pool = new ContextPreservingExecutor(4)) { ... }
 * ```
 *
 * What a task sets is invisible to the submitter and to every other task, and the worker thread's
 * own context is back to what it was after each task, also when the task throws: nothing of a task
 * stays on a pooled thread. `execute`, `submit`, `invokeAll` and `invokeAny` all capture.
 * Values of [Backend.PURE] namespaces stay on their thread and do not travel.
 *
 * The class is open only so that the scheduled form returned by [wrap] shares its forwarding;
 * every method it implements is final.
 *
 * @sample io.extracontext.examples.samples.executorSample
 */
public open class ContextPreservingExecutor(private val delegate: ExecutorService) : AbstractExecutorService(), AutoCloseable {

    /**
     * A pool of [threads] fixed worker threads (named `extracontext-worker-N`).
     *
     * ```kotlin
     * val pool = ContextPreservingExecutor(threads = 8)
     * ```
     *
     * @throws IllegalArgumentException when [threads] is not positive.
     */
    @JvmOverloads
    public constructor(threads: Int = Runtime.getRuntime().availableProcessors()) : this(fixedPool(threads))

    /** Runs [command] on the pool in a copy of the caller's current context. */
    final override fun execute(command: Runnable): Unit = delegate.execute(command.capturingContext())

    final override fun shutdown(): Unit = delegate.shutdown()

    final override fun shutdownNow(): MutableList<Runnable> = delegate.shutdownNow()

    final override fun isShutdown(): Boolean = delegate.isShutdown

    final override fun isTerminated(): Boolean = delegate.isTerminated

    final override fun awaitTermination(timeout: Long, unit: TimeUnit): Boolean = delegate.awaitTermination(timeout, unit)

    /**
     * Shuts down and waits for the submitted tasks to finish, as try-with-resources users expect.
     * An interrupt while waiting cancels the remaining tasks, and the interrupt status is kept.
     *
     * ```kotlin
     * ContextPreservingExecutor().use { it.submit { work() } }
     * ```
     */
    final override fun close() {
        shutdown()
        var interrupted = false
        while (!isTerminated) {
            try {
                awaitTermination(1, TimeUnit.DAYS)
            } catch (_: InterruptedException) {
                if (!interrupted) shutdownNow()
                interrupted = true
            }
        }
        if (interrupted) Thread.currentThread().interrupt()
    }

    override fun toString(): String = "ContextPreservingExecutor($delegate)"

    /** Wrappers for pools the application already has. */
    public companion object {
        /**
         * Wraps an existing pool: its tasks run in their submitter's context. Closing the wrapper
         * shuts the pool down.
         *
         * ```kotlin
         * val pool = ContextPreservingExecutor.wrap(Executors.newCachedThreadPool())
         * ```
         */
        @JvmStatic
        public fun wrap(delegate: ExecutorService): ContextPreservingExecutor = ContextPreservingExecutor(delegate)

        /**
         * Wraps a scheduled pool: delayed, fixed-rate and fixed-delay tasks run in the submitter's
         * context as it was at submission; each run of a periodic task starts from that snapshot.
         *
         * ```kotlin
         * val timer = ContextPreservingExecutor.wrap(Executors.newScheduledThreadPool(1))
         * timer.scheduleAtFixedRate({ report(requestId.get()) }, 0, 1, TimeUnit.SECONDS)
         * ```
         */
        @JvmStatic
        public fun wrap(delegate: ScheduledExecutorService): ScheduledExecutorService = ContextPreservingScheduledExecutor(delegate)

        /**
         * A new virtual thread for every task (`Executors.newVirtualThreadPerTaskExecutor()`, JDK 21+),
         * each task running in a copy of its submitter's context, as with [wrap]. Closing it waits
         * for the running tasks, so it fits try-with-resources also when compiled for Java 17.
         *
         * ```kotlin
         * ContextPreservingExecutor.newVirtualThreadPerTaskExecutor().use { executor ->
         *     requestId.set("r-1")
         *     executor.submit { check(requestId.get() == "r-1") }.get()
         * }
         * ```
         *
         * @throws UnsupportedOperationException on a JDK older than 21 (the message names the JDK needed).
         */
        @JvmStatic
        public fun newVirtualThreadPerTaskExecutor(): ContextPreservingExecutor = wrap(VirtualThreads.newPerTaskExecutor("ContextPreservingExecutor.newVirtualThreadPerTaskExecutor()"))

        private fun fixedPool(threads: Int): ExecutorService {
            require(threads > 0) { "ContextPreservingExecutor needs at least one thread, was given $threads" }
            val serial = AtomicInteger()
            val factory = ThreadFactory { task -> Thread(task, "extracontext-worker-${serial.incrementAndGet()}") }
            return ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, LinkedBlockingQueue(), factory)
        }
    }
}
