package io.extracontext.jvm

import java.util.concurrent.AbstractExecutorService
import java.util.concurrent.Callable
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.TimeUnit

/**
 * A scheduled pool whose every task, one-shot or periodic, runs in the submitter's context as it
 * was at submission. `submit`, `invokeAll` and `invokeAny` go through [execute].
 */
internal class ContextPreservingScheduledExecutor(private val delegate: ScheduledExecutorService) :
    AbstractExecutorService(), ScheduledExecutorService {

    override fun execute(command: Runnable) = delegate.execute(command.capturingContext())

    override fun schedule(command: Runnable, delay: Long, unit: TimeUnit): ScheduledFuture<*> =
        delegate.schedule(command.capturingContext(), delay, unit)

    override fun <V> schedule(callable: Callable<V>, delay: Long, unit: TimeUnit): ScheduledFuture<V> =
        delegate.schedule(callable.capturingContext(), delay, unit)

    override fun scheduleAtFixedRate(command: Runnable, initialDelay: Long, period: Long, unit: TimeUnit): ScheduledFuture<*> =
        delegate.scheduleAtFixedRate(command.capturingContext(), initialDelay, period, unit)

    override fun scheduleWithFixedDelay(command: Runnable, initialDelay: Long, delay: Long, unit: TimeUnit): ScheduledFuture<*> =
        delegate.scheduleWithFixedDelay(command.capturingContext(), initialDelay, delay, unit)

    override fun shutdown() = delegate.shutdown()

    override fun shutdownNow(): MutableList<Runnable> = delegate.shutdownNow()

    override fun isShutdown(): Boolean = delegate.isShutdown

    override fun isTerminated(): Boolean = delegate.isTerminated

    override fun awaitTermination(timeout: Long, unit: TimeUnit): Boolean = delegate.awaitTermination(timeout, unit)

    override fun toString(): String = "ContextPreservingScheduledExecutor($delegate)"
}
