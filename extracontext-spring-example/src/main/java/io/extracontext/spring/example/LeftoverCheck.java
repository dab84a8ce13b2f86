package io.extracontext.spring.example;

import io.extracontext.Contexts;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.task.TaskDecorator;

/**
 * A probe on a pool: wraps another {@link TaskDecorator} and, on the worker, before the wrapped
 * decoration installs anything, checks that the worker holds an empty context: a value there would
 * be left over from an earlier task.
 */
public final class LeftoverCheck {
    private final AtomicInteger tasks = new AtomicInteger();
    private final AtomicInteger leftovers = new AtomicInteger();

    /** {@code decorator}, with the check in front of every task it decorates. */
    public TaskDecorator around(TaskDecorator decorator) {
        return task -> {
            Runnable decorated = decorator.decorate(task);
            return () -> {
                tasks.incrementAndGet();
                if (!Contexts.copyContext().isEmpty()) leftovers.incrementAndGet();
                decorated.run();
            };
        };
    }

    /** How many tasks ran. */
    public int tasks() {
        return tasks.get();
    }

    /** How many tasks found something left on their worker. */
    public int leftovers() {
        return leftovers.get();
    }
}
