package io.extracontext.spring.boot.proof;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The proofs' load: bounded in count, in time and in requests in flight, each with its own id. */
public final class ConcurrentRequests {
    private ConcurrentRequests() {}

    /**
     * Sends {@code count} GETs of {@code url}, request {@code i} with {@code X-Request-Id: req-i}, at most
     * {@code inFlight} at once, and answers "status body" for each, in order.
     */
    public static List<String> send(HttpClient client, String url, int count, int inFlight) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the server stopped answering");
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("X-Request-Id", "req-" + i).timeout(Duration.ofSeconds(30)).build();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> permits.release())
                    .thenApply(r -> r.statusCode() + " " + r.body()));
        }
        CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        List<String> result = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            result.add(answer.get());
        }
        return result;
    }
}
