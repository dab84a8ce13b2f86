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
 * A WebClient call made while a WebFlux exchange is handled (Boot's {@code WebClient.Builder}, back to
 * the same application on Netty, 127.0.0.1): it sends the exchange's id, the downstream binds it, and
 * a call without an id sends nothing. In a JVM of its own: it switches Reactor's automatic context
 * propagation on, which {@link WebFluxProofTest}'s "limited" case must not find on.
 */
@ExtendWith(ContextLeakExtension.class)
class WebClientInHandlerTest {
    @Test
    void aWebClientCallMadeInsideAHandlerSendsTheExchangesIdAndNothingWithoutOne() throws Exception {
        ConfigurableApplicationContext context = WebFluxProofTest.start(Map.of());
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient client = HttpClient.newBuilder().executor(clientThreads)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            int calls = 100;
            List<String> answers = ConcurrentRequests.send(client, base + "/call", calls, 16);
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String id = "req-" + i;
                // The downstream got the header and bound it; the caller's own hop after the response too.
                String expected = "200 " + id + "/" + id + "," + id + "/" + id;
                if (!expected.equals(answers.get(i))) {
                    wrong.add(expected + " != " + answers.get(i));
                }
            }
            assertTrue(wrong.isEmpty(), wrong.size() + " of " + calls + " wrong, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
            HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/call")).timeout(Duration.ofSeconds(30)).build();
            assertEquals("-/-,-/-", client.send(probe, HttpResponse.BodyHandlers.ofString()).body(),
                    "a call without an id sends no header");
        } finally {
            clientThreads.shutdownNow();
            context.close();
        }
    }
}
