package io.extracontext.spring.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The application: Spring Boot 4, WebFlux on Netty. Two settings switch the propagation on:
 * {@code spring.reactor.context-propagation=auto} (Reactor's automatic propagation, see
 * {@link SpringRequestIdExample#PROPERTIES}) and the {@link ContextPropagatingTaskDecorator} on the
 * {@code @Async} pool below. extracontext-micrometer on the class path does the rest.
 */
@SpringBootApplication
@EnableAsync
public class RequestIdApplication {

    /** Counts tasks that found a value left on their worker by an earlier task: must stay 0. */
    @Bean
    public LeftoverCheck leftoverCheck() {
        return new LeftoverCheck();
    }

    /** The pool of {@link AuditService}'s {@code @Async} methods, with the context-propagating decorator. */
    @Bean
    public ThreadPoolTaskExecutor auditExecutor(LeftoverCheck leftoverCheck) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(4);
        executor.setThreadNamePrefix("audit-");
        // Every @Async task runs in the context of the code that called the @Async method.
        executor.setTaskDecorator(leftoverCheck.around(new ContextPropagatingTaskDecorator()));
        return executor;
    }
}
