package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.check;
import static io.extracontext.examples.Transcript.checkEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.examples.logging.CapturedLines;
import io.extracontext.examples.logging.RequestId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request-scoped id in a small HTTP server, with the JDK's own
 * {@code com.sun.net.httpserver} on loopback. The handler sets the id from the request's
 * {@code X-Request-Id} header for the length of the request, and every log line carries it, from the
 * handler thread and from the {@link ContextPreservingExecutor} worker it hands the rendering to,
 * with no MDC and no id passed down. Eight requests are in flight at once and none sees another's id.
 */
public final class RequestIdServer {
    private static final Logger log = LoggerFactory.getLogger(RequestIdServer.class);
    private static final int REQUESTS = 8;

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        CapturedLines.drain();
        CountDownLatch allInFlight = new CountDownLatch(REQUESTS);
        // The server's threads are a plain pool: each request sets its own id. The workers preserve contexts.
        ExecutorService serverThreads = Executors.newFixedThreadPool(REQUESTS, named("http-handler"));
        ExecutorService clientThreads = Executors.newFixedThreadPool(2, named("http-client"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), REQUESTS);
        try (ContextPreservingExecutor workers = new ContextPreservingExecutor(2)) {
            server.createContext("/greet", exchange -> handle(exchange, workers, allInFlight));
            server.setExecutor(serverThreads);
            server.start();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            log.info("listening on {}", base);

            HttpClient client = HttpClient.newBuilder().executor(clientThreads).version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 1; i <= REQUESTS; i++) {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/greet?name=user" + i))
                        .header("X-Request-Id", "req-" + i).timeout(java.time.Duration.ofSeconds(20)).build();
                responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 1; i <= REQUESTS; i++) {
                HttpResponse<String> response = responses.get(i - 1).get(30, TimeUnit.SECONDS);
                checkEquals(200, response.statusCode(), "status of req-" + i);
                checkEquals("hello user" + i + " (rendered for req-" + i + ")", response.body(), "body of req-" + i);
                checkEquals("req-" + i, response.headers().firstValue("X-Request-Id").orElse(null), "echoed id");
            }
            out.println(REQUESTS + " concurrent requests answered, each with its own id");
        } finally {
            server.stop(0);
            serverThreads.shutdown();
            clientThreads.shutdown();
        }

        // A handler logs its last line after the client has its response: wait for the handlers to end.
        check(serverThreads.awaitTermination(20, TimeUnit.SECONDS), "the handlers finished");
        // What was really written: every handler and worker line carries the id of its own request.
        List<String> lines = CapturedLines.drain().stream()
                .filter(l -> l.contains(" RequestIdServer - ") && !l.contains("listening on"))
                .collect(Collectors.toList());
        Map<String, List<String>> byId = lines.stream().collect(Collectors.groupingBy(l -> l.substring(1, l.indexOf(']'))));
        for (int i = 1; i <= REQUESTS; i++) {
            List<String> mine = byId.getOrDefault("req-" + i, List.of());
            checkEquals(3, mine.size(), "log lines of req-" + i + " " + mine);
            String user = " user" + i;
            check(mine.stream().allMatch(l -> l.endsWith(user)),
                    "every line tagged req-" + i + " is about user" + i + ": " + mine);
            check(mine.stream().anyMatch(l -> l.contains("[extracontext-worker-")), "req-" + i + " logged from a pool worker too");
        }
        checkEquals(REQUESTS, byId.size(), "ids seen in the log " + byId.keySet());
        out.println("every log line carries its own request's id, from handler and worker threads alike");
        out.expect(List.of(
                REQUESTS + " concurrent requests answered, each with its own id",
                "every log line carries its own request's id, from handler and worker threads alike"));
    }

    private static void handle(HttpExchange exchange, ContextPreservingExecutor workers, CountDownLatch allInFlight) throws IOException {
        String id = exchange.getRequestHeaders().getFirst("X-Request-Id");
        String name = exchange.getRequestURI().getQuery().substring("name=".length());
        // The id is set for this request only; the finally (try-with-resources) resets it, so the
        // pooled handler thread starts the next request clean.
        try (Token<String> t = RequestId.VAR.set(id != null ? id : "generated-" + System.nanoTime())) {
            log.info("received request for {}", name);
            allInFlight.countDown();
            // Hold every request until all are in flight: they really are served concurrently.
            check(allInFlight.await(20, TimeUnit.SECONDS), "all requests in flight together");
            // The worker runs in a copy of this request's context: it logs with the same id.
            String body = workers.submit(() -> {
                log.info("rendering for {}", name);
                return "hello " + name + " (rendered for " + RequestId.VAR.get() + ")";
            }).get(20, TimeUnit.SECONDS);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Request-Id", RequestId.VAR.get());
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
            log.info("responded to {}", name);
        } catch (Exception e) {
            log.error("request failed", e);
            exchange.sendResponseHeaders(500, -1);
        } finally {
            exchange.close();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
