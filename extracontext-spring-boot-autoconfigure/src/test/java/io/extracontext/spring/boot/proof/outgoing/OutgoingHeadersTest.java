package io.extracontext.spring.boot.proof.outgoing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.extracontext.test.junit5.ContextLeakExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Outgoing calls through the RestClient and WebClient builders Boot makes carry each bound variable
 * under its header (a real Tomcat server on 127.0.0.1 calling itself): the caller's own header is
 * never replaced, nothing is sent for an unset variable, and the property switches it off.
 */
@ExtendWith(ContextLeakExtension.class)
class OutgoingHeadersTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static ConfigurableApplicationContext start(Map<String, String> extra) {
        SpringApplication application = new SpringApplication(OutgoingApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        Map<String, Object> properties = new HashMap<>(Map.of(
                "server.port", "0",
                "server.address", "127.0.0.1",
                "extracontext.web.headers.X-Request-Id", "request_id",
                "spring.main.banner-mode", "off"));
        properties.putAll(extra);
        application.setDefaultProperties(properties);
        return application.run();
    }

    private String get(ConfigurableApplicationContext context, String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(30));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void restClientAndWebClientSendTheRequestsOwnValueNeverReplaceTheCallersHeaderAndSendNothingUnset() throws Exception {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            for (int i = 0; i < 20; i++) {
                assertEquals("r-" + i, get(context, "/rest", "r-" + i));
                assertEquals("w-" + i, get(context, "/web", "w-" + i));
            }
            assertEquals("set-by-the-caller", get(context, "/rest-own-header", "r-own"));
            assertEquals("-", get(context, "/rest", null));
            assertEquals("-", get(context, "/web", null));
        }
    }

    @Test
    void extracontextWebSendHeadersFalseSendsNothing() throws Exception {
        try (ConfigurableApplicationContext context = start(Map.of("extracontext.web.send-headers", "false"))) {
            assertEquals("-", get(context, "/rest", "r-1"));
            assertEquals("-", get(context, "/web", "w-1"));
        }
    }
}
