package io.extracontext

import java.util.concurrent.ThreadFactory

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
 *
 * @sample io.extracontext.examples.samples.threadFactorySample
 */
public class ContextPreservingThreadFactory(private val delegate: ThreadFactory) : ThreadFactory {

    /**
     * A thread of the delegate that runs [task] in a copy of the caller's current context; `null`
     * when the delegate refuses to make one (as [ThreadFactory.newThread] allows).
     *
     * ```kotlin
     * val thread = factory.newThread { log(requestId.get()) }   // sees the caller's request id
     * ```
     */
    override fun newThread(task: Runnable): Thread? = delegate.newThread(task.capturingContext())

    override fun toString(): String = "ContextPreservingThreadFactory($delegate)"
}
