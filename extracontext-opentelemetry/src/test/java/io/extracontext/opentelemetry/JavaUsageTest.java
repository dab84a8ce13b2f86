package io.extracontext.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ContextLeakExtension.class)
class JavaUsageTest {
    private static final ContextVar<String> requestId = new ContextVar<>("requestId");
    private static final ContextVar<Long> userId = new ContextVar<>("userId");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final ContextVarPropagator propagator = ContextVarPropagator.builder()
            .add(requestId, "request-id")
            .add(userId, "user-id", String::valueOf, Long::valueOf)
            .build();

    @Test
    void javaBuildsThePropagatorWithStaticBuilderAndMethodReferencesAndRoundTripsValues() {
        Map<String, String> headers = new HashMap<>();
        try (Token<String> a = requestId.set("r-java"); Token<Long> b = userId.set(99L)) {
            propagator.inject(Context.current(), headers, Map::put);
        }
        assertEquals("request-id=r-java,user-id=99", headers.get("baggage"));
        Context extracted = propagator.extract(Context.root(), headers, GETTER);
        try (Scope s = ContextVarPropagator.enterValues(extracted)) {
            assertEquals("r-java", requestId.get());
            assertEquals(99L, userId.get());
        }
        assertFalse(requestId.isSet());
    }

    @Test
    void aSpanOrBaggageMadeCurrentFromJavaTravelsThroughSupplyAsync() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (Scope s = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
            String seen = ExtraContext.supplyAsync(() -> Baggage.current().getEntryValue("tenant"), pool).get(10, TimeUnit.SECONDS);
            assertEquals("acme", seen);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void extractedValuesAreSetInsideMakeCurrentThroughTheStorageProvider() {
        Context extracted = propagator.extract(Context.root(), Map.of("baggage", "request-id=r-9"), GETTER);
        try (Scope s = extracted.makeCurrent()) {
            assertEquals("r-9", requestId.get());
        }
        assertFalse(requestId.isSet());
    }
}
