package io.extracontext

import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicBoolean
import java.util.logging.Logger

/**
 * A [ThreadFactory] whose every thread runs its task in a copy of the context that was current
 * where [newThread] was called: for `StructuredTaskScope.fork`, the scope's owner at fork time; for
 * `Executors.newThreadPerTaskExecutor(factory)`, the submitter of each task.
 *
 * ```kotlin
 * val factory = ContextPreservingThreadFactory(Thread.ofVirtual().factory())
 * requestId.set("r-1")
 * StructuredTaskScope.open(Joiner.awaitAll<Any>()) { it.withThreadFactory(factory) }.use { scope ->
 *     scope.fork(Callable { check(requestId.get() == "r-1") })
 *     scope.join()
 * }
 * // Java: new ContextPreservingThreadFactory(Thread.ofVirtual().factory())
 * ```
 *
 * The thread runs as a new execution started from that copy, exactly as a task of a
 * [ContextPreservingExecutor] does: what it sets is invisible to its creator and to its siblings,
 * and nothing of it stays behind when its task ends, also when the task throws. The copy is taken
 * once, in [newThread]: later writes of the creator are not seen by the thread. Values of
 * [Backend.PURE] namespaces stay on their thread and do not travel.
 *
 * Works with any delegate, platform or virtual; the class itself uses no API newer than Java 17.
 * It is for threads that live as long as one task. Given to a thread pool (a `ThreadPoolExecutor`),
 * whose workers outlive the task that made them, it makes the workers without the creator's context
 * and logs one warning per factory: wrap such a pool with [ContextPreservingExecutor.wrap] instead.
 *
 * @sample io.extracontext.examples.samples.threadFactorySample
 */
public class ContextPreservingThreadFactory(private val delegate: ThreadFactory) : ThreadFactory {
    private val warnedOfPool = AtomicBoolean()

    /**
     * A thread of the delegate that runs [task] in a copy of the caller's current context; `null`
     * when the delegate refuses to make one (as [ThreadFactory.newThread] allows).
     *
     * ```kotlin
     * val thread = factory.newThread { log(requestId.get()) }   // sees the caller's request id
     * ```
     */
    override fun newThread(task: Runnable): Thread? {
        if (PoolWorkers.isWorker(task)) {
            if (warnedOfPool.compareAndSet(false, true)) PoolWorkers.warn(delegate)
            return delegate.newThread(task)
        }
        return delegate.newThread(task.capturingContext())
    }

    override fun toString(): String = "ContextPreservingThreadFactory($delegate)"

    /**
     * A thread pool's worker outlives the task whose submission created it: made in a copy of that
     * submitter's context, it would run every later task of the pool in it (the leak of values inherited
     * at thread creation into lazily created pool workers, TransmittableThreadLocal's most frequent
     * complaint). Such a worker is made without the creator's context, and the mistake is reported once per factory.
     */
    private object PoolWorkers {
        private val logger: Logger by lazy { Logger.getLogger("io.extracontext.ContextPreservingThreadFactory") }

        /** The worker loop of a `ThreadPoolExecutor` (also of a `ScheduledThreadPoolExecutor` and `Executors`' pools). */
        fun isWorker(task: Runnable): Boolean = task.javaClass.name == "java.util.concurrent.ThreadPoolExecutor\$Worker"

        fun warn(delegate: ThreadFactory) {
            logger.warning(
                "ContextPreservingThreadFactory($delegate) was given to a thread pool: a pool's worker threads outlive the task " +
                    "that made them, so they are made without the creator's context (they would carry the first submitter's values " +
                    "into every later task). To run each task in its submitter's context, wrap the pool instead: " +
                    "ContextPreservingExecutor.wrap(pool). Reported once per factory.",
            )
        }
    }
}
