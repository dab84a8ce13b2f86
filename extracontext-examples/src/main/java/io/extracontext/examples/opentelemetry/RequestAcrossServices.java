package io.extracontext.examples.opentelemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.opentelemetry.ContextVarPropagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A request id crossing two services: "orders" sets it, calls "stock" over HTTP, and stock's code
 * reads {@code requestId.get()}. The id travels as a W3C baggage member written and read by
 * {@link ContextVarPropagator} through OpenTelemetry's propagation API; with
 * {@code extracontext-opentelemetry} on the class path, {@code makeCurrent()} of the extracted
 * context sets it. Both services run here, on two ports of 127.0.0.1, and are stopped at the end.
 */
public final class RequestAcrossServices {
    private RequestAcrossServices() {}

    static final ContextVar<String> requestId = new ContextVar<>("requestId");

    static final ContextVarPropagator propagator = ContextVarPropagator.builder()
            .add(requestId, "request-id")
            .build();

    static final OpenTelemetry openTelemetry = OpenTelemetry.propagating(ContextPropagators.create(
            TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), propagator)));

    static final TextMapGetter<HttpExchange> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpExchange exchange) {
            return exchange.getRequestHeaders().keySet();
        }

        @Override
        public String get(HttpExchange exchange, String key) {
            return exchange == null ? null : exchange.getRequestHeaders().getFirst(key);
        }
    };

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        HttpServer stock = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        stock.setExecutor(threads);
        stock.createContext("/stock", exchange -> {
            Context extracted = openTelemetry.getPropagators().getTextMapPropagator()
                    .extract(Context.current(), exchange, HEADERS);
            String body;
            try (Scope s = extracted.makeCurrent()) {
                body = "stock saw request id " + requestId.get("(none)");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        });
        stock.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("http://127.0.0.1:" + stock.getAddress().getPort() + "/stock");
            for (String id : List.of("r-1001", "r-1002")) {
                try (Token<String> t = requestId.set(id)) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
                    openTelemetry.getPropagators().getTextMapPropagator()
                            .inject(Context.current(), request, HttpRequest.Builder::header);
                    String answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
                    out.println("orders sent " + id + "; " + answer);
                }
            }
            HttpRequest plain = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
            out.println("orders sent no id; " + http.send(plain, HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            stock.stop(0);
            threads.shutdownNow();
        }
        out.expect(List.of(
                "orders sent r-1001; stock saw request id r-1001",
                "orders sent r-1002; stock saw request id r-1002",
                "orders sent no id; stock saw request id (none)"));
    }
}
