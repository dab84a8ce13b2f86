package io.extracontext.spring.async;

import io.extracontext.spring.example.LeftoverCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import io.extracontext.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Spring's {@link ContextPropagatingTaskDecorator} on a {@link ThreadPoolTaskExecutor}: through
 * Micrometer's registry (which finds our accessor by itself) every {@code @Async} method runs in
 * its caller's context, and no worker keeps anything of a task.
 */
class AsyncPropagationTest {
    static final ContextVar<String> USER = new ContextVar<>("user");

    @AfterEach
    void leavesTheTestThreadsContextEmpty() {
        assertTrue(Contexts.copyContext().isEmpty(), "the test left values in the thread's context: " + Contexts.copyContext());
    }

    public static class Greeter {
        @Async
        public CompletableFuture<String> greet() {
            String seen = USER.get("nobody");
            USER.set("written by the @Async method"); // must not survive the task
            return CompletableFuture.completedFuture(seen);
        }
    }

    @Configuration
    @EnableAsync
    static class Config {
        @Bean
        LeftoverCheck leftoverCheck() {
            return new LeftoverCheck();
        }

        @Bean
        ThreadPoolTaskExecutor taskExecutor(LeftoverCheck check) {
            ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
            executor.setCorePoolSize(2);
            executor.setMaxPoolSize(2);
            executor.setTaskDecorator(check.around(new ContextPropagatingTaskDecorator()));
            return executor;
        }

        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    @Test
    void anAsyncMethodSeesItsCallersValuesAndNoWorkerKeepsAnything() throws Exception {
        try (var spring = new AnnotationConfigApplicationContext(Config.class)) {
            Greeter greeter = spring.getBean(Greeter.class);
            List<CompletableFuture<String>> calls = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                if (i % 3 == 0) {
                    calls.add(greeter.greet()); // a caller with no value: the method sees none, never a stale one
                    expected.add("nobody");
                } else {
                    try (Token<String> ignored = USER.set("user-" + i)) {
                        calls.add(greeter.greet());
                    }
                    expected.add("user-" + i);
                }
            }
            List<String> seen = new ArrayList<>();
            for (CompletableFuture<String> call : calls) seen.add(call.get(10, TimeUnit.SECONDS));
            assertEquals(expected, seen);
            LeftoverCheck check = spring.getBean(LeftoverCheck.class);
            assertEquals(200, check.tasks());
            assertEquals(0, check.leftovers());
        }
    }
}
