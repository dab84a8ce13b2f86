package io.extracontext.examples.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The guide's servlet page, proven in a real container: an embedded Tomcat on 127.0.0.1 with a
 * small worker pool, so that requests reuse threads; every log line, on the request thread and on
 * the application's pool, carries its own request's id; a hostile header is replaced.
 */
@ExtendWith(ContextLeakExtension.class)
class ServletApplicationTest {
    private static final int REQUESTS = 40;

    @Test
    void everyLogLineOfEveryRequestCarriesThatRequestsIdOnPooledContainerAndApplicationThreads() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(HelloServlet.class);
        // What a real appender would write, taken when the line is logged (the MDC is read then).
        ListAppender<ILoggingEvent> lines = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                super.append(event);
            }
        };
        lines.start();
        logger.addAppender(lines);
        boolean additive = logger.isAdditive();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        Path base = Files.createTempDirectory("tomcat");
        Tomcat tomcat = new Tomcat();
        try (ContextPreservingExecutor pool = new ContextPreservingExecutor(2)) {
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("maxThreads", "4");              // few threads: requests share them
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            org.apache.catalina.Context app = tomcat.addContext("", base.toString());
            // Tomcat's own leak hunt at stop needs --add-opens and only warns without it: this test checks leaks itself.
            ((StandardContext) app).setClearReferencesThreadLocals(false);
            ((StandardContext) app).setClearReferencesRmiTargets(false);
            Tomcat.addServlet(app, "hello", new HelloServlet(pool));
            app.addServletMappingDecoded("/hello", "hello");
            FilterDef filter = new FilterDef();
            filter.setFilterName("requestContext");
            filter.setFilter(new RequestContextFilter());
            app.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("requestContext");
            mapping.addURLPattern("/*");
            app.addFilterMap(mapping);
            tomcat.start();
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/hello");

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("X-Request-Id", "r-" + i).build();
                responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> response = responses.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals("hello r-" + i, response.body());
            }
            HttpResponse<String> hostile = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .header("X-Request-Id", "x".repeat(500)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hostile.statusCode());
            assertTrue(hostile.body().matches("hello [0-9a-f-]{36}"), "a hostile id is replaced by a fresh one: " + hostile.body());
            HttpResponse<String> without = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(without.body().matches("hello [0-9a-f-]{36}"), "no id left from an earlier request on the thread: " + without.body());
            assertNotEquals(hostile.body(), without.body());
        } finally {
            tomcat.stop();
            tomcat.destroy();
            logger.detachAppender(lines);
            logger.setAdditive(additive);
            logger.setLevel(level);
        }
        // A handler logs its lines before it responds: all of them are in by now.
        Map<String, List<String>> byId = lines.list.stream().collect(Collectors.groupingBy(
                e -> String.valueOf(e.getMDCPropertyMap().get("request_id")),
                Collectors.mapping(e -> e.getThreadName() + ": " + e.getFormattedMessage(), Collectors.toList())));
        for (int i = 0; i < REQUESTS; i++) {
            List<String> ofRequest = byId.get("r-" + i);
            assertEquals(2, ofRequest == null ? 0 : ofRequest.size(), "two lines for r-" + i + ": " + ofRequest);
        }
        assertEquals(REQUESTS + 2, byId.size(), "one id per request, none shared or missing: " + byId.keySet());
    }
}
