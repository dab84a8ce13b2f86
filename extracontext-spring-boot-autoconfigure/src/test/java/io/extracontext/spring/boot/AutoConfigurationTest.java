package io.extracontext.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.ContextVar;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AutoConfigurationTest {
    static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");

    @Configuration(proxyBeanMethods = false)
    static class Variables {
        @Bean
        ContextVar<String> requestId() {
            return REQUEST_ID;
        }

        @Bean
        ContextVar<String> tenant() {
            return new ContextVar<>("tenant");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnExecutor {
        @Bean(destroyMethod = "shutdown")
        ExecutorService myPool() {
            return Executors.newSingleThreadExecutor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @org.springframework.scheduling.annotation.EnableAsync
    static class AsyncUser {
        @Bean
        AsyncReader asyncReader() {
            return new AsyncReader();
        }
    }

    static class AsyncReader {
        @org.springframework.scheduling.annotation.Async
        public java.util.concurrent.CompletableFuture<String> read() {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    REQUEST_ID.getOrNull() + " on " + Thread.currentThread().getName());
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ExtraContextAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class))
            .withUserConfiguration(Variables.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ExtraContextAutoConfiguration.class))
            .withUserConfiguration(Variables.class);

    @Test
    void aHeaderPropertyNamingAnUnknownVariableFailsTheStartupNamingThePropertyTheValueAndTheKnownNames() {
        web.withPropertyValues("extracontext.web.headers.X-Request-Id=requestid").run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure);
            String message = rootMessage(failure);
            assertTrue(message.contains("extracontext.web.headers.X-Request-Id=requestid"), message);
            assertTrue(message.contains("[request_id, tenant]"), message);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class NumberVariable {
        @Bean
        ContextVar<Integer> attempt() {
            return new ContextVar<>("attempt");
        }
    }

    @Test
    void aHeaderBoundToAVariableThatCannotHoldAStringFailsTheStartupNamingThePropertyAndTheBean() {
        web.withUserConfiguration(NumberVariable.class).withPropertyValues("extracontext.web.headers.X-Attempt=attempt")
                .run(context -> {
                    String message = rootMessage(context.getStartupFailure());
                    assertTrue(message.contains("extracontext.web.headers.X-Attempt=attempt"), message);
                    assertTrue(message.contains("'attempt'") && message.contains("java.lang.Integer"), message);
                });
    }

    @Test
    void anMdcPropertyNamingAnUnknownVariableFailsTheStartup() {
        runner.withPropertyValues("extracontext.mdc.requestId=nope").run(context -> {
            String message = rootMessage(context.getStartupFailure());
            assertTrue(message.contains("extracontext.mdc.requestId=nope"), message);
            assertTrue(message.contains("[request_id, tenant]"), message);
        });
    }

    @Test
    void anMdcPropertyShowsTheVariableInTheMdcUntilTheApplicationStops() throws Exception {
        runner.withPropertyValues("extracontext.mdc.requestId=request_id").run(context -> {
            assertEquals("r-7", new Context().call(() -> with("r-7", () -> MDC.get("requestId"))));
        });
        assertEquals((String) null, new Context().call(() -> with("r-8", () -> MDC.get("requestId"))));
    }

    @Test
    void theServletFilterRunsEachRequestInAFreshContextWithTheHeaderSetAndLeavesNothingBehind() throws Exception {
        web.withPropertyValues("extracontext.web.headers.X-Request-Id=request_id").run(context -> {
            ExtraContextServletFilter filter = context.getBean(ExtraContextServletFilter.class);
            assertEquals(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10, filter.getOrder());
            AtomicReference<String> seen = new AtomicReference<>();
            AtomicReference<String> stale = new AtomicReference<>();
            with("outer", () -> {
                MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
                request.addHeader("X-Request-Id", "abc");
                try {
                    filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(
                            new jakarta.servlet.http.HttpServlet() {
                                @Override
                                protected void service(jakarta.servlet.http.HttpServletRequest req,
                                        jakarta.servlet.http.HttpServletResponse res) {
                                    seen.set(REQUEST_ID.getOrNull());
                                    REQUEST_ID.set("set-by-the-request");
                                    MDC.put("step", "leftover");
                                }
                            }));
                    MockHttpServletRequest second = new MockHttpServletRequest("GET", "/");
                    filter.doFilter(second, new MockHttpServletResponse(), new MockFilterChain(
                            new jakarta.servlet.http.HttpServlet() {
                                @Override
                                protected void service(jakarta.servlet.http.HttpServletRequest req,
                                        jakarta.servlet.http.HttpServletResponse res) {
                                    stale.set(REQUEST_ID.getOrNull() + "," + MDC.get("step"));
                                }
                            }));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertEquals("outer", REQUEST_ID.get());
                assertEquals(null, MDC.get("step"));
                return null;
            });
            assertEquals("abc", seen.get());
            assertEquals("null,null", stale.get());
        });
    }

    @Test
    void noServletFilterWhenWebIsDisabled() {
        web.withPropertyValues("extracontext.web.enabled=false")
                .run(context -> assertEquals(0, context.getBeansOfType(ExtraContextServletFilter.class).size()));
    }

    @Test
    void bootsApplicationTaskExecutorRunsEachTaskInACopyOfTheSubmittersContext() throws Exception {
        runner.run(context -> {
            AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            String seen = with("submitter", () -> {
                try {
                    String inTask = executor.submit(() -> {
                        String before = REQUEST_ID.getOrNull();
                        REQUEST_ID.set("task");
                        return before;
                    }).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals("submitter", REQUEST_ID.get(), "what the task set is invisible to the submitter");
                    return inTask;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals("submitter", seen);
            String later = executor.submit(REQUEST_ID::getOrNull).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(null, later, "nothing is left on the pooled thread");
        });
    }

    @Test
    void theStartupReportIsOneInfoLineBeginningExtracontextAndNoWarningWhenAllIsWired() {
        try (JulCapture log = new JulCapture()) {
            web.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                    .withPropertyValues("extracontext.web.headers.X-Request-Id=request_id",
                            "extracontext.mdc.requestId=request_id")
                    .run(context -> assertNotNull(context.getBean(StartupReport.class)));
            List<String> info = log.at(Level.INFO);
            assertEquals(1, info.size(), info.toString());
            String line = info.get(0);
            assertTrue(line.startsWith("extracontext: "), line);
            assertTrue(line.contains("headers=[X-Request-Id->request_id]"), line);
            assertTrue(line.contains("mdc=ours (extracontext-slf4j), keys={requestId=request_id}"), line);
            assertTrue(line.contains("executors=TaskDecorator on [applicationTaskExecutor]"), line);
            assertTrue(line.contains("micrometer=accessor registered"), line);
            assertTrue(line.contains("opentelemetry=absent"), line);
            assertEquals(List.of(), log.at(Level.WARNING));
        }
    }

    @Test
    void withoutTheContextsAccessorInMicrometersRegistryTheReportWarnsOnceNamingTheModuleToAdd() {
        io.micrometer.context.ContextRegistry registry = io.micrometer.context.ContextRegistry.getInstance();
        // As when extracontext-micrometer is not on the class path: the registry has no accessor for us.
        assertTrue(registry.removeThreadLocalAccessor("io.extracontext"), "the accessor was registered");
        try (JulCapture log = new JulCapture()) {
            web.run(context -> assertNotNull(context.getBean(StartupReport.class)));
            List<String> info = log.at(Level.INFO);
            assertEquals(1, info.size(), info.toString());
            assertTrue(info.get(0).contains("micrometer="), info.get(0));
            assertFalse(info.get(0).contains("micrometer=accessor registered"), info.get(0));
            List<String> warnings = log.at(Level.WARNING).stream()
                    .filter(w -> w.contains("ContextRegistry has no accessor")).collect(java.util.stream.Collectors.toList());
            assertEquals(1, warnings.size(), log.at(Level.WARNING).toString());
            assertTrue(warnings.get(0).contains("io.extracontext:extracontext-micrometer"), warnings.get(0));
        } finally {
            registry.registerThreadLocalAccessor(new io.extracontext.micrometer.ExtraContextAccessor());
        }
        assertTrue(io.micrometer.context.ContextRegistry.getInstance().getThreadLocalAccessors().stream()
                .anyMatch(a -> "io.extracontext".equals(a.key())), "the accessor is back for the other tests");
    }

    @Test
    void anExecutorBeanOfTheApplicationGetsOneWarningNamingTheBeanAndTheFix() {
        try (JulCapture log = new JulCapture()) {
            runner.withUserConfiguration(OwnExecutor.class).run(context -> {
                assertTrue(context.getBeansOfType(Executor.class).containsKey("myPool"));
            });
            List<String> warnings = log.at(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("[myPool]"), warnings.get(0));
            assertTrue(warnings.get(0).contains("spring.task.execution.mode=force"), warnings.get(0));
        }
    }

    @Test
    void withExecutionModeForceBootKeepsItsDecoratedExecutorBesideTheApplicationsAndNothingIsWarned() {
        try (JulCapture log = new JulCapture()) {
            runner.withUserConfiguration(OwnExecutor.class).withPropertyValues("spring.task.execution.mode=force")
                    .run(context -> assertTrue(context.containsBean("applicationTaskExecutor")));
            assertEquals(List.of(), log.at(Level.WARNING));
        }
    }

    @Test
    void withExecutionModeForceAsyncMethodsRunOnBootsDecoratedExecutorDespiteAnExecutorBeanOfTheApplication() {
        runner.withUserConfiguration(OwnExecutor.class, AsyncUser.class)
                .withPropertyValues("spring.task.execution.mode=force", "spring.task.execution.thread-name-prefix=boot-")
                .run(context -> {
                    AsyncReader reader = context.getBean(AsyncReader.class);
                    String seen = with("caller", () -> reader.read().get(10, java.util.concurrent.TimeUnit.SECONDS));
                    assertTrue(seen.startsWith("caller on boot-"), seen);
                });
    }

    @Test
    void theConfigurationMetadataDescribesEveryProperty() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "spring-boot-configuration-processor wrote no metadata");
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String property : List.of("extracontext.web.enabled", "extracontext.web.headers",
                "extracontext.web.max-header-length", "extracontext.mdc", "extracontext.executors.enabled")) {
            assertTrue(json.contains("\"name\": \"" + property + "\""), property + " missing from " + json);
        }
        int described = json.split("\"description\"").length - 1;
        assertTrue(described >= 5, "every property has a description: " + json);
    }

    /** Sets the variable, calls {@code block}, and resets it in a finally. */
    static <T> T with(String value, java.util.concurrent.Callable<T> block) {
        io.extracontext.Token<String> token = REQUEST_ID.set(value);
        try {
            return block.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            REQUEST_ID.reset(token);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
