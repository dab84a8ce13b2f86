package io.extracontext.spring.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextVar;
import io.extracontext.log4j2.ContextThreadContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application with Log4j2 instead of Logback ({@code spring-boot-starter-log4j2}),
 * the starter, properties and one {@code ContextVar} bean, and no JVM flag or code in a main: the
 * MDC lives in the context from the start (the starter's {@code log4j2.component.properties}), a
 * bound key is in every log line of its request, {@code MDC.put} entries stay in their request,
 * and the startup report says so.
 */
class Log4j2ApplicationTest {
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        ContextVar<String> requestId() {
            return new ContextVar<>("request_id");
        }

        @Bean
        Probe probe() {
            return new Probe();
        }
    }

    @RestController
    static class Probe {
        private static final Logger log = LoggerFactory.getLogger(Probe.class);

        @GetMapping("/hello")
        String hello(@RequestHeader(name = "X-Request-Id", required = false) String header) {
            // What a later request on the same pooled thread must not see.
            String leftover = MDC.get("step");
            MDC.put("step", "hello-" + header);
            log.info("handling {}", header);
            return header + "|" + MDC.get("requestId") + "|" + leftover;
        }
    }

    /** Log4j2 events of the probe: the message's id and the MDC key bound to the variable. */
    static final class Capture extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLoggerName().equals(Probe.class.getName())) {
                Object[] parameters = event.getMessage().getParameters();
                lines.add(parameters[0] + "|" + event.getContextData().getValue("requestId") + "|" + event.getContextData().getValue("step"));
            }
        }
    }

    @Test
    void withLog4j2TheMdcLivesInTheContextFromTheStartAndEveryRequestLogsItsOwnId() throws Exception {
        ReportCapture report = new ReportCapture();
        ConfigurableApplicationContext app = null;
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            app = new SpringApplicationBuilder(App.class)
                    .properties(
                            "server.address=127.0.0.1",
                            "server.port=0",
                            "server.tomcat.threads.max=8",
                            "extracontext.web.headers.X-Request-Id=request_id",
                            "extracontext.mdc.requestId=request_id")
                    .run();
            assertTrue(ContextThreadContext.isInstalled(), "Log4j2's ThreadContext map is not extracontext's");
            String line = report.line();
            assertTrue(line.contains("mdc=ours (Log4j2's ThreadContext map is extracontext's"), line);
            assertEquals(List.of(), report.warnings());

            Capture capture = new Capture();
            capture.start();
            LoggerContext logging = (LoggerContext) LogManager.getContext(false);
            logging.getConfiguration().getRootLogger().addAppender(capture, org.apache.logging.log4j.Level.INFO, null);
            logging.updateLoggers();

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Future<String>> answers = new ArrayList<>();
            int calls = 200;
            for (int i = 0; i < calls; i++) {
                String id = i % 10 == 9 ? null : "r-" + i;   // one in ten carries no id
                answers.add(callers.submit((Callable<String>) () -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                            .timeout(Duration.ofSeconds(10));
                    if (id != null) {
                        request.header("X-Request-Id", id);
                    }
                    String body = client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
                    return id + " -> " + body;
                }));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<String> answer : answers) {
                String seen = answer.get(60, TimeUnit.SECONDS);
                String id = seen.substring(0, seen.indexOf(" -> "));
                if (!seen.equals(id + " -> " + id + "|" + id + "|null")) {
                    wrong.add(seen);
                }
            }
            assertEquals(List.of(), wrong, "answers with a wrong id or a previous request's MDC entry");
            List<String> badLines = capture.lines.stream()
                    .filter(l -> {
                        String[] parts = l.split("\\|");
                        return !parts[1].equals(parts[0]) || !parts[2].equals("hello-" + parts[0]);
                    })
                    .toList();
            assertEquals(calls, capture.lines.size(), "log lines");
            assertEquals(List.of(), badLines, "log lines without their own id");
            logging.getConfiguration().getRootLogger().removeAppender("capture");
            logging.updateLoggers();
        } finally {
            callers.shutdownNow();
            if (app != null) {
                app.close();
            }
            report.close();
        }
    }
}
