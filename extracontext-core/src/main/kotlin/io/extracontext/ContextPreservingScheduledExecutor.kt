package io.extracontext

import java.util.concurrent.Callable
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.TimeUnit

/**
 * A scheduled pool whose every task, one-shot or periodic, runs in the submitter's context as it
 * was at submission. The forwarding and `execute`/`submit`/`invokeAll`/`invokeAny` are
 * [ContextPreservingExecutor]'s; this adds the scheduling methods.
 */
internal class ContextPreservingScheduledExecutor(private val scheduler: ScheduledExecutorService) :
    ContextPreservingExecutor(scheduler),
    ScheduledExecutorService {

    override fun schedule(command: Runnable, delay: Long, unit: TimeUnit): ScheduledFuture<*> = scheduler.schedule(command.capturingContext(), delay, unit)

    override fun <V> schedule(callable: Callable<V>, delay: Long, unit: TimeUnit): ScheduledFuture<V> = scheduler.schedule(callable.capturingContext(), delay, unit)

    override fun scheduleAtFixedRate(command: Runnable, initialDelay: Long, period: Long, unit: TimeUnit): ScheduledFuture<*> = scheduler.scheduleAtFixedRate(command.capturingContext(), initialDelay, period, unit)

    override fun scheduleWithFixedDelay(command: Runnable, initialDelay: Long, delay: Long, unit: TimeUnit): ScheduledFuture<*> = scheduler.scheduleWithFixedDelay(command.capturingContext(), initialDelay, delay, unit)

    override fun toString(): String = "ContextPreservingScheduledExecutor($scheduler)"
}
