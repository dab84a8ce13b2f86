package io.extracontext.spring.boot.proof.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extracontext.spring.boot.ExtraContextWebFilter;
import io.extracontext.spring.boot.proof.ConcurrentRequests;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Hooks;

/**
 * A real WebFlux application on Netty (127.0.0.1, a random port) with only the auto-configuration,
 * properties and a ContextVar bean, under 300 requests with up to 48 in flight: at assembly, on the
 * Netty thread, after {@code publishOn} and after {@code delayElement}, every hop sees its own
 * exchange's id in the variable and in the MDC, every log line carries it, and requests without the
 * header afterwards see nothing.
 */
@ExtendWith(ContextLeakExtension.class)
class WebFluxProofTest {
    static final int REQUESTS = 300;
    static final int IN_FLIGHT = 48;
    static final int PROBES = 40;

    static ConfigurableApplicationContext start(Map<String, String> extra) {
        SpringApplication application = new SpringApplication(ReactiveProofApplication.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "extracontext.web.headers.X-Request-Id", "request_id",
                "extracontext.mdc.requestId", "request_id",
                "spring.main.banner-mode", "off"));
        properties.putAll(extra);
        application.setDefaultProperties(properties);
        return application.run();
    }

    @Test
    void withReactorPropagationLimitedByPropertyAWarningSaysSoAndTheHandlerSeesNothing() throws Exception {
        java.util.logging.Logger report = java.util.logging.Logger.getLogger("io.extracontext.spring.boot");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        report.addHandler(capture);
        ConfigurableApplicationContext context = null;
        try {
            context = start(Map.of("spring.reactor.context-propagation", "limited"));
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/hop"))
                    .header("X-Request-Id", "req-limited").timeout(Duration.ofSeconds(30)).build();
            String answer = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            // WebFlux invokes the handler when the response is subscribed, after the filter returned:
            // without automatic propagation nothing restores the exchange's context there, nor later.
            assertEquals("-/-,-/-,-/-,-/-", answer);
            List<String> ours = warnings.stream().filter(w -> w.contains("spring.reactor.context-propagation=limited")).toList();
            assertEquals(1, ours.size(), warnings.toString());
            assertTrue(ours.get(0).contains("spring.reactor.context-propagation=auto"), ours.get(0));
        } finally {
            report.removeHandler(capture);
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void everyOperatorOfEveryExchangeSeesItsOwnIdOnNettyAndNothingIsLeftBehind() throws Exception {
        ConfigurableApplicationContext context = start(Map.of());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try {
            String server = ((WebServerApplicationContext) context).getWebServer().getClass().getSimpleName();
            assertEquals("NettyWebServer", server, "the proof must run on Netty");
            assertEquals(1, context.getBeanNamesForType(ExtraContextWebFilter.class).length);

            LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
            lines.setContext(logback);
            lines.start();
            logback.getLogger("proof.reactive").addAppender(lines);
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient client = HttpClient.newBuilder().executor(clientThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();

            long start = System.nanoTime();
            List<String> answers = ConcurrentRequests.send(client, base + "/hop", REQUESTS, IN_FLIGHT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            List<String> wrong = new ArrayList<>();
            int wrongAnswers = 0;
            for (int i = 0; i < REQUESTS; i++) {
                String id = "req-" + i;
                String hop = id + "/" + id;
                String expected = "200 " + hop + "," + hop + "," + hop + "," + hop;
                String actual = answers.get(i);
                if (!expected.equals(actual)) {
                    wrongAnswers++;
                    if (wrong.size() < 5) {
                        wrong.add(expected + " != " + actual);
                    }
                }
            }

            List<ILoggingEvent> events = new ArrayList<>(lines.list);
            long badLines = events.stream()
                    .filter(e -> !String.valueOf(e.getArgumentArray()[0]).equals(e.getMDCPropertyMap().get("requestId")))
                    .count();

            List<String> probes = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/hop")).timeout(Duration.ofSeconds(30)).build();
                probes.add(client.send(probe, HttpResponse.BodyHandlers.ofString()).body());
            }
            long leftovers = probes.stream().filter(p -> !p.equals("-/-,-/-,-/-,-/-")).count();

            System.out.printf("extracontext WebFlux proof (Netty, JDK %d): %d requests in %d ms, %d hops checked, %d answers"
                    + " wrong; %d log lines, %d without their own id; %d probes, %d saw a leftover%n",
                    Runtime.version().feature(), REQUESTS, millis, REQUESTS * 4, wrongAnswers, events.size(), badLines,
                    PROBES, leftovers);

            assertEquals(List.of(), wrong);
            assertEquals(REQUESTS * 2, events.size(), "two log lines per request");
            assertEquals(0, badLines);
            assertEquals(0, leftovers, probes.toString());
        } finally {
            lines.stop();
            context.close();
            clientThreads.shutdownNow();
            // The starter switched Reactor's automatic propagation on for the JVM; the other tests start without it.
            Hooks.disableAutomaticContextPropagation();
        }
    }
}
