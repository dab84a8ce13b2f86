package io.extracontext.spring.boot;

import io.extracontext.Contexts;
import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task in a copy of the submitter's context, taken at submission; what the task sets stays
 * in that copy. Spring Boot applies it to its {@code applicationTaskExecutor} and {@code taskScheduler}.
 *
 * <pre>{@code
 * ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
 * executor.setTaskDecorator(new ContextTaskDecorator());
 * }</pre>
 */
public final class ContextTaskDecorator implements TaskDecorator {
    @Override
    public Runnable decorate(Runnable runnable) {
        return Contexts.copyContext().wrap(runnable);
    }
}
