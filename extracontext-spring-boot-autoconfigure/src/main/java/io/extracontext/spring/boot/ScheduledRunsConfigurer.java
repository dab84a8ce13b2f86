package io.extracontext.spring.boot;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Gives the {@code @Scheduled} registrar a scheduler whose runs each start from an empty context. Runs
 * last among the configurers, so it wraps whatever scheduler the others chose.
 */
final class ScheduledRunsConfigurer implements SchedulingConfigurer, Ordered {
    private final ObjectProvider<TaskScheduler> schedulers;
    private final BeanFactory beans;
    volatile String wrapped;

    ScheduledRunsConfigurer(ObjectProvider<TaskScheduler> schedulers, BeanFactory beans) {
        this.schedulers = schedulers;
        this.beans = beans;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        TaskScheduler scheduler = registrar.getScheduler();
        if (scheduler == null) {
            // The same look-up Spring does: the unique TaskScheduler, else the one named taskScheduler.
            scheduler = schedulers.getIfUnique();
            if (scheduler == null && beans.containsBean("taskScheduler")) {
                scheduler = beans.getBean("taskScheduler", TaskScheduler.class);
            }
        }
        if (scheduler == null || scheduler instanceof EmptyContextTaskScheduler) {
            return;
        }
        registrar.setTaskScheduler(new EmptyContextTaskScheduler(scheduler));
        wrapped = scheduler.getClass().getSimpleName();
    }
}
