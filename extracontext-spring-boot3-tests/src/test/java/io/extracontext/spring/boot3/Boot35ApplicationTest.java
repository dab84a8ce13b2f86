package io.extracontext.spring.boot3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.extracontext.ContextVar;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The starter in a Spring Boot 3.5 application (Spring MVC on Tomcat, Logback), with only
 * properties and a {@code ContextVar} bean, on the kotlin-stdlib override a Boot 3.5 user sets:
 * every request in its own context, its id on the controller, its {@code @Async} method and a task
 * on Boot's executor, and in every log line through the bound MDC key; {@code @Scheduled} runs
 * see nothing of any request; the startup report names no mistake.
 */
class Boot35ApplicationTest {
    static final Logger LOG = LoggerFactory.getLogger("boot35");

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableAsync
    @EnableScheduling
    static class App {
        @Bean
        ContextVar<String> requestId() {
            return new ContextVar<>("request_id");
        }

        @Bean
        Work work(ContextVar<String> requestId) {
            return new Work(requestId);
        }

        @Bean
        Ticks ticks(ContextVar<String> requestId) {
            return new Ticks(requestId);
        }

        @Bean
        Hello hello(ContextVar<String> requestId, Work work, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor applicationTaskExecutor,
                RestClient.Builder restClients) {
            return new Hello(requestId, work, applicationTaskExecutor, restClients.build());
        }
    }

    static class Work {
        private final ContextVar<String> requestId;

        Work(ContextVar<String> requestId) {
            this.requestId = requestId;
        }

        @Async
        public CompletableFuture<String> async() {
            LOG.info("async {}", requestId.getOrNull());
            return CompletableFuture.completedFuture(String.valueOf(requestId.getOrNull()));
        }
    }

    static class Ticks {
        private final ContextVar<String> requestId;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch ran = new CountDownLatch(3);

        Ticks(ContextVar<String> requestId) {
            this.requestId = requestId;
        }

        @Scheduled(fixedDelay = 10)
        public void tick() {
            seen.add(requestId.getOrNull() + "/" + MDC.get("requestId"));
            ran.countDown();
        }
    }

    @RestController
    static class Hello {
        private final ContextVar<String> requestId;
        private final Work work;
        private final AsyncTaskExecutor executor;
        private final RestClient client;

        Hello(ContextVar<String> requestId, Work work, AsyncTaskExecutor executor, RestClient client) {
            this.requestId = requestId;
            this.work = work;
            this.executor = executor;
            this.client = client;
        }

        @GetMapping("/hello")
        String hello(HttpServletRequest request) throws Exception {
            LOG.info("controller {}", requestId.getOrNull());
            String async = work.async().get(10, TimeUnit.SECONDS);
            String onExecutor = executor.submit(() -> String.valueOf(requestId.getOrNull())).get(10, TimeUnit.SECONDS);
            // Boot's RestClient.Builder, back to this application: the bound variable goes out as its header.
            String downstream = client.get().uri("http://127.0.0.1:" + request.getLocalPort() + "/echo").retrieve().body(String.class);
            return requestId.getOrNull() + "|" + async + "|" + onExecutor + "|" + MDC.get("requestId") + "|" + downstream;
        }

        @GetMapping("/echo")
        String echo() {
            return String.valueOf(requestId.getOrNull());
        }
    }

    /** Logback events of this test's logger: the id in the message and the bound MDC key. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLoggerName().equals("boot35")) {
                lines.add(event.getArgumentArray()[0] + "|" + event.getMDCPropertyMap().get("requestId"));
            }
        }
    }

    @Test
    void theStarterWorksInASpringBoot35ApplicationWithOnlyPropertiesAndAVariableBean() throws Exception {
        assertTrue(SpringBootVersion.getVersion().startsWith("3.5."), SpringBootVersion.getVersion());
        // Boot 3.5's own kotlin-stdlib (1.9.25), or the kotlin.version override a Boot 3.5 user sets: see the pom.
        assertEquals(System.getProperty("expected.kotlin-stdlib"), kotlin.KotlinVersion.CURRENT.toString());
        boolean oldStdlib = !kotlin.KotlinVersion.CURRENT.isAtLeast(2, 2);
        List<LogRecord> report = new CopyOnWriteArrayList<>();
        java.util.logging.Logger reportLogger = java.util.logging.Logger.getLogger("io.extracontext.spring.boot");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                report.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        reportLogger.addHandler(handler);
        ConfigurableApplicationContext app = null;
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            app = new SpringApplicationBuilder(App.class)
                    .properties(
                            "server.address=127.0.0.1",
                            "server.port=0",
                            "server.tomcat.threads.max=40", // 16 callers, each request calling back once: never starved
                            "extracontext.web.headers.X-Request-Id=request_id",
                            "extracontext.mdc.requestId=request_id")
                    .run();
            String line = report.stream().filter(r -> r.getLevel() == Level.INFO && r.getMessage().startsWith("extracontext:"))
                    .map(LogRecord::getMessage).findFirst().orElse("no report: " + report);
            System.err.println("[boot 3.5] " + line);
            assertTrue(line.contains("mdc=ours"), line);
            List<String> warnings = report.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
            if (oldStdlib) {
                // One WARNING, naming the version in use and the fix.
                assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
                assertTrue(warnings.get(0).contains("kotlin-stdlib " + kotlin.KotlinVersion.CURRENT + " is older than 2.2")
                        && warnings.get(0).contains("set kotlin.version to 2.2.21"), warnings.get(0));
            } else {
                assertEquals(List.of(), warnings);
            }

            Capture capture = new Capture();
            capture.start();
            ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
            root.addAppender(capture);

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            int calls = 200;
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String id = "r-" + i;
                answers.add(callers.submit((Callable<String>) () -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                            .header("X-Request-Id", id).timeout(Duration.ofSeconds(10)).build();
                    return id + " -> " + client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                }));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<String> answer : answers) {
                String seen = answer.get(60, TimeUnit.SECONDS);
                String id = seen.substring(0, seen.indexOf(" -> "));
                if (!seen.equals(id + " -> " + id + "|" + id + "|" + id + "|" + id + "|" + id)) {
                    wrong.add(seen);
                }
            }
            root.detachAppender(capture);
            assertEquals(List.of(), wrong, "hops with a wrong or missing id (controller|@Async|executor|MDC|RestClient downstream)");
            assertEquals(2 * calls, capture.lines.size(), "log lines (controller and @Async per request)");
            assertEquals(List.of(), capture.lines.stream().filter(l -> !l.split("\\|")[0].equals(l.split("\\|")[1])).toList(),
                    "log lines without their own id");

            Ticks ticks = app.getBean(Ticks.class);
            assertTrue(ticks.ran.await(10, TimeUnit.SECONDS), "@Scheduled did not run");
            assertEquals(List.of(), ticks.seen.stream().filter(s -> !s.equals("null/null")).toList(), "@Scheduled runs that saw a request's value");
        } finally {
            callers.shutdownNow();
            if (app != null) {
                app.close();
            }
            reportLogger.removeHandler(handler);
        }
    }
}
