package io.extracontext.spring.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Starts the Spring Boot 4 WebFlux application on 127.0.0.1 (a random port), sends it concurrent
 * requests each with its own {@code X-Request-Id}, and checks that every step of every request saw
 * its own id, that every log line the application wrote carries the id of its request, that
 * untrusted headers are replaced, and that no pool thread keeps anything afterwards. Throws if
 * any of it is not true; the server is stopped in every case.
 *
 * <p>Run it with {@code mvn -B -Prun-examples -DskipTests verify}.
 */
public final class SpringRequestIdExample {

    /** What the application needs besides the class path: loopback, a free port, Reactor's automatic propagation. */
    public static final Map<String, Object> PROPERTIES = Map.of(
            "server.address", "127.0.0.1",
            "server.port", "0",
            "spring.reactor.context-propagation", "auto",
            "spring.main.banner-mode", "off");

    /** The steps of one /work request that log a line: the filter twice (/work, /echo), then each hop. */
    static final List<String> LOGGED_STEPS = List.of("filter", "handler", "delay", "elastic", "async", "filter", "echo", "client");

    private static final Pattern LINE = Pattern.compile("(.*?)\\|(.*?)\\|step=(\\w+) (?:path=\\S+ )?id=(\\S+)");

    /** What a run found; {@link #check()} throws unless everything is right. */
    public record Report(int requests, int answered, int mismatches, int missing, int logLines,
                         int logMismatches, int untrustedHandled, int asyncTasks, int leftovers,
                         List<String> problems, List<String> sampleLines) {
        /** Throws an {@link IllegalStateException} naming every problem found. */
        public Report check() {
            if (!problems.isEmpty()) {
                throw new IllegalStateException("The Spring example failed its checks:\n  " + String.join("\n  ", problems));
            }
            return this;
        }
    }

    private SpringRequestIdExample() {}

    public static void main(String[] args) throws Exception {
        Report report = run(200).check();
        System.out.println("Spring Boot WebFlux with extracontext-micrometer: " + report.requests() + " concurrent requests, "
                + report.answered() + " answered, " + report.mismatches() + " mismatches, " + report.missing() + " missing; "
                + report.logLines() + " log lines, " + report.logMismatches() + " with a wrong id; "
                + report.untrustedHandled() + " untrusted headers replaced; " + report.asyncTasks() + " @Async tasks, "
                + report.leftovers() + " found a leftover value");
        report.sampleLines().forEach(line -> System.out.println("    " + line));
    }

    /**
     * Starts the application, sends {@code requests} concurrent requests (bounded: 60 s in all),
     * and stops it. Leaves Reactor's global hooks as it found them (off).
     */
    public static Report run(int requests) throws Exception {
        SpringApplication application = new SpringApplication(RequestIdApplication.class);
        application.setDefaultProperties(PROPERTIES);
        List<String> problems = new ArrayList<>();
        ConfigurableApplicationContext context = application.run();
        try (CapturedLog log = CapturedLog.attach()) {
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();

            Map<String, CompletableFuture<HttpResponse<String>>> sent = new HashMap<>();
            for (int i = 0; i < requests; i++) {
                String id = "req-" + i;
                sent.put(id, client.sendAsync(get(port, Optional.of(id)), HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            int answered = 0, mismatches = 0, missing = 0;
            for (var entry : sent.entrySet()) {
                String id = entry.getKey();
                HttpResponse<String> response = entry.getValue().isCompletedExceptionally() ? null : entry.getValue().join();
                if (response == null || response.statusCode() != 200) {
                    missing++;
                    problems.add(id + ": no answer (" + (response == null ? "failed" : "status " + response.statusCode()) + ")");
                    continue;
                }
                answered++;
                String expected = expectedBody(id);
                if (!response.body().equals(expected)) {
                    mismatches++;
                    if (mismatches <= 5) problems.add(id + ": expected '" + expected + "' but got '" + response.body() + "'");
                }
            }

            int untrustedHandled = checkUntrustedHeaders(client, port, problems);

            List<String> lines = log.lines();
            int logMismatches = checkLogLines(lines, sent.keySet(), problems);

            LeftoverCheck leftovers = context.getBean(LeftoverCheck.class);
            if (leftovers.tasks() < requests) problems.add("only " + leftovers.tasks() + " @Async tasks ran for " + requests + " requests");
            if (leftovers.leftovers() != 0) problems.add(leftovers.leftovers() + " @Async tasks found a value left on their worker");

            if (mismatches > 0) problems.add(mismatches + " of " + requests + " answers had a wrong id");
            List<String> sample = lines.stream().filter(l -> l.startsWith("req-0|")).toList();
            return new Report(requests, answered, mismatches, missing, lines.size(), logMismatches, untrustedHandled,
                    leftovers.tasks(), leftovers.leftovers(), problems, sample);
        } finally {
            context.close();
            // spring.reactor.context-propagation=auto switched the global hook on; put it back.
            Hooks.disableAutomaticContextPropagation();
            Schedulers.resetOnScheduleHooks();
            checkSchedulerThreads(problems);
        }
    }

    /** The body /work answers for a request with id {@code id}: every step saw {@code id}. */
    static String expectedBody(String id) {
        return "handler=" + id + " delay=" + id + " elastic=" + id + " async=" + id + " echo=" + id + " client=" + id;
    }

    private static HttpRequest get(int port, Optional<String> header) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work"))
                .timeout(Duration.ofSeconds(30));
        header.ifPresent(h -> request.header(RequestId.HEADER, h));
        return request.build();
    }

    /** A missing, blank, oversized or log-forging header gets a generated id, used at every step. */
    private static int checkUntrustedHeaders(HttpClient client, int port, List<String> problems) throws Exception {
        List<Optional<String>> bad = List.of(Optional.empty(), Optional.of(" "), Optional.of("x".repeat(500)),
                Optional.of("id=forged|step=filter"), Optional.of("r\u00e9q"));
        int handled = 0;
        for (Optional<String> header : bad) {
            HttpResponse<String> response = client.send(get(port, header), HttpResponse.BodyHandlers.ofString());
            String id = response.headers().firstValue(RequestId.HEADER).orElse("");
            if (response.statusCode() == 200 && id.startsWith("gen-") && response.body().equals(expectedBody(id))) {
                handled++;
            } else {
                problems.add("header " + header + ": status " + response.statusCode() + ", id '" + id + "', body '" + response.body() + "'");
            }
        }
        return handled;
    }

    /** Every line names the id of its request and must be printed under it; every request logs each step once. */
    private static int checkLogLines(List<String> lines, Iterable<String> ids, List<String> problems) {
        int wrong = 0;
        Map<String, List<String>> stepsById = new HashMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                wrong++;
                problems.add("a log line of the application without a step and id: " + line);
                continue;
            }
            String printed = m.group(1), step = m.group(3), id = m.group(4);
            if (!printed.equals(id)) {
                wrong++;
                if (wrong <= 5) problems.add("log line of " + id + " printed with rid " + printed + ": " + line);
            }
            stepsById.computeIfAbsent(id, k -> new ArrayList<>()).add(step);
        }
        for (String id : ids) {
            List<String> steps = new ArrayList<>(stepsById.getOrDefault(id, List.of()));
            List<String> expected = new ArrayList<>(LOGGED_STEPS);
            steps.sort(null);
            expected.sort(null);
            if (!steps.equals(expected)) problems.add(id + " logged steps " + steps + ", expected " + expected);
        }
        if (wrong > 0) problems.add(wrong + " log lines carried a wrong id");
        return wrong;
    }

    /** Probe tasks on Reactor's shared schedulers (with no hook wrapping them): their threads hold nothing. */
    private static void checkSchedulerThreads(List<String> problems) {
        probe(Schedulers.parallel(), Schedulers.DEFAULT_POOL_SIZE, "parallel", problems);
        probe(Schedulers.boundedElastic(), 4, "boundedElastic", problems);
    }

    private static void probe(Scheduler scheduler, int threads, String name, List<String> problems) {
        CountDownLatch allIn = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<String> found = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            scheduler.schedule(() -> {
                allIn.countDown();
                try {
                    allIn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!io.extracontext.Contexts.copyContext().isEmpty()) found.add(Thread.currentThread().getName());
                done.countDown();
            });
        }
        try {
            if (!done.await(10, TimeUnit.SECONDS)) problems.add("the probes on " + name + " did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!found.isEmpty()) problems.add("values left on " + name + " threads " + found);
    }
}
