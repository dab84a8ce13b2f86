package io.extracontext.spring.boot.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Boot application on Tomcat (127.0.0.1, a random port) with only the auto-configuration,
 * properties and a ContextVar bean, under 300 concurrent requests: controller, @Async method and a
 * task on Boot's executor each see their own request's id, every log line carries it in its MDC, and
 * afterwards nothing is left on any pooled thread.
 */
class BootApplicationProofTest {
    static final int REQUESTS = 300;
    static final int IN_FLIGHT = 48;
    static final int PROBES = 40;

    @Test
    void mvcOnPlatformThreadsCarriesEachRequestsIdThroughEveryHopAndLeavesNothingBehind() throws Exception {
        prove(false);
    }

    @Test
    void mvcOnVirtualThreadsCarriesEachRequestsIdThroughEveryHopAndLeavesNothingBehind() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; this is JDK "
                + Runtime.version().feature());
        prove(true);
    }

    private void prove(boolean virtualThreads) throws Exception {
        ProofApplication.Ticks.SEEN.clear();
        SpringApplication application = new SpringApplication(ProofApplication.class);
        application.setDefaultProperties(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.threads.virtual.enabled", String.valueOf(virtualThreads),
                "extracontext.web.headers.X-Request-Id", "request_id",
                "extracontext.mdc.requestId", "request_id",
                "spring.main.banner-mode", "off"));
        ConfigurableApplicationContext context = application.run();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try {
            LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
            lines.setContext(logback);
            lines.start();
            logback.getLogger("proof").addAppender(lines);
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient client = HttpClient.newBuilder().executor(clientThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();

            long start = System.nanoTime();
            List<String> answers = ConcurrentRequests.send(client, base + "/hop", REQUESTS, IN_FLIGHT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            int wrongHops = 0;
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String id = "req-" + i;
                // controller: its id, MDC clean; @Async and executor: the id and the controller's MDC entry;
                // afterwards the request still has its own values (what the tasks set stayed in the tasks).
                String expected = "200 " + id + "/-," + id + "/controller," + id + "/controller," + id + "/controller";
                String actual = answers.get(i);
                if (!expected.equals(actual)) {
                    wrongHops++;
                    if (wrong.size() < 5) {
                        wrong.add(expected + " != " + actual);
                    }
                }
            }

            List<ILoggingEvent> events = new ArrayList<>(lines.list);
            int badLines = 0;
            for (ILoggingEvent event : events) {
                String id = String.valueOf(event.getArgumentArray()[0]);
                if (!id.equals(event.getMDCPropertyMap().get("requestId"))) {
                    badLines++;
                }
            }

            List<String> probes = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/probe"))
                        .timeout(Duration.ofSeconds(30)).build();
                probes.add(client.send(probe, HttpResponse.BodyHandlers.ofString()).body());
            }
            long leftovers = probes.stream().filter(p -> !p.equals("-/-,-/-")).count();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ticked() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            List<String> ticks = new ArrayList<>(ProofApplication.Ticks.SEEN);
            List<String> staleTicks = ticks.stream().filter(t -> !t.endsWith(":-/-")).collect(Collectors.toList());

            System.out.printf("extracontext proof (%s threads, JDK %d): %d requests in %d ms, %d hops checked, %d wrong;"
                    + " %d log lines, %d without their own id; %d probes, %d saw a leftover;"
                    + " %d @Scheduled runs, %d saw a leftover%n",
                    virtualThreads ? "virtual" : "platform", Runtime.version().feature(), REQUESTS, millis,
                    REQUESTS * 4, wrongHops, events.size(), badLines, PROBES * 2, leftovers, ticks.size(),
                    staleTicks.size());

            assertEquals(List.of(), wrong);
            assertEquals(REQUESTS * 3, events.size(), "controller, @Async and executor log once per request");
            assertEquals(0, badLines);
            assertEquals(0, leftovers, probes.toString());
            assertTrue(ticked(), "each @Scheduled kind ran at least twice: " + ticks);
            assertEquals(List.of(), staleTicks);
        } finally {
            lines.stop();
            context.close();
            clientThreads.shutdownNow();
        }
    }

    private static boolean ticked() {
        List<String> ticks = new ArrayList<>(ProofApplication.Ticks.SEEN);
        return count(ticks, "fixedDelay") >= 2 && count(ticks, "fixedRate") >= 2 && count(ticks, "cron") >= 2;
    }

    private static long count(List<String> ticks, String kind) {
        return ticks.stream().filter(t -> t.startsWith(kind + ":")).count();
    }
}
