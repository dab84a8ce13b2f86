package io.extracontext.examples.opentelemetry;

import com.sun.net.httpserver.HttpServer;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.opentelemetry.ContextVarPropagator;
import io.extracontext.opentelemetry.ExtraContextStorageProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
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
import java.util.concurrent.TimeUnit;

/**
 * The same code with and without the OpenTelemetry Java agent ({@code -javaagent:opentelemetry-javaagent.jar}):
 * a span made current follows a {@link ContextPreservingExecutor} task, and a request id crosses
 * services as an OpenTelemetry baggage entry, which the agent's own {@code baggage} propagator and
 * instrumented clients and servers carry. Without the agent, the explicit inject and extract below
 * stand for the instrumentation the agent would do (with the same W3C propagators the agent uses by
 * default); under the agent they write and read the same headers as the agent does.
 */
public final class WithTheJavaAgent {
    private WithTheJavaAgent() {}

    static final ContextVar<String> requestId = new ContextVar<>("requestId");

    // The variables to carry; no otel.propagators setting is needed (the agent's default
    // "tracecontext,baggage" carries them as baggage entries).
    static final ContextVarPropagator propagator = ContextVarPropagator.builder()
            .add(requestId, "request-id")
            .build();

    /** OpenTelemetry's standard propagators, as the agent configures them by default. */
    static final OpenTelemetry w3c = OpenTelemetry.propagating(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())));

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        // One WARNING (java.util.logging) if OpenTelemetry's context is not kept in ours, naming the fix.
        boolean kept = ExtraContextStorageProvider.check();
        out.println("OpenTelemetry's context kept in ours: " + kept);

        Span span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault()));
        try (ContextPreservingExecutor pool = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor())) {
            try (Scope s = span.makeCurrent()) {
                String seen = pool.submit(() -> Span.current().getSpanContext().getSpanId()).get(10, TimeUnit.SECONDS);
                out.println("the pool task saw span " + seen);
            }
            pool.submit(() -> Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319d", "b7ad6b7169203332",
                    TraceFlags.getSampled(), TraceState.getDefault())).makeCurrent()).get(10, TimeUnit.SECONDS);   // a scope left open
            boolean leaked = pool.submit(() -> Span.current().getSpanContext().isValid()).get(10, TimeUnit.SECONDS);
            out.println("the next task saw a span: " + leaked);
        }

        ExecutorService threads = Executors.newFixedThreadPool(2);
        HttpServer stock = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        stock.setExecutor(threads);
        stock.createContext("/stock", exchange -> {
            Context received = w3c.getPropagators().getTextMapPropagator().extract(Context.current(), exchange, RequestAcrossServices.HEADERS);
            String body;
            try (Scope s = received.makeCurrent();
                 Scope values = propagator.enterFromBaggage(Context.current())) {
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
            for (String id : List.of("r-2001", "r-2002")) {
                try (Token<String> t = requestId.set(id);
                     Scope s = propagator.withBaggage(Context.current()).makeCurrent()) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
                    w3c.getPropagators().getTextMapPropagator().inject(Context.current(), request, HttpRequest.Builder::setHeader);
                    String answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
                    out.println("orders sent " + id + "; " + answer);
                }
            }
        } finally {
            stock.stop(0);
            threads.shutdownNow();
        }
        out.expect(List.of(
                "OpenTelemetry's context kept in ours: true",
                "the pool task saw span b7ad6b7169203331",
                "the next task saw a span: false",
                "orders sent r-2001; stock saw request id r-2001",
                "orders sent r-2002; stock saw request id r-2002"));
    }
}
