package io.extracontext.spring.boot;

import io.extracontext.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * The scheduler {@code @Scheduled} methods are given: each run of a task starts from an empty context
 * and what it sets is dropped when it ends. Wrapping the task itself (not through a TaskDecorator)
 * also covers fixed-delay tasks that Spring runs on the scheduler thread with virtual threads, where
 * decorators are not applied.
 */
final class EmptyContextTaskScheduler implements TaskScheduler {
    final TaskScheduler delegate;

    EmptyContextTaskScheduler(TaskScheduler delegate) {
        this.delegate = delegate;
    }

    private static Runnable fresh(Runnable task) {
        // Context.wrap runs every call in a fresh copy of the (empty) context.
        return new Context().wrap(task);
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        return delegate.schedule(fresh(task), trigger);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        return delegate.schedule(fresh(task), startTime);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        return delegate.scheduleAtFixedRate(fresh(task), startTime, period);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        return delegate.scheduleAtFixedRate(fresh(task), period);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        return delegate.scheduleWithFixedDelay(fresh(task), startTime, delay);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        return delegate.scheduleWithFixedDelay(fresh(task), delay);
    }

    @Override
    public String toString() {
        return "EmptyContextTaskScheduler[" + delegate + "]";
    }
}
