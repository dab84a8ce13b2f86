package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.opentelemetry.ContextVarPropagator;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Propagation: {@code inject}/{@code extract} of 2 variables with {@code ContextVarPropagator} beside
 * {@code W3CBaggagePropagator} with 2 baggage members (the same header text both ways).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar 'OtelPropagatorBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class OtelPropagatorBenchmark {
    private static final ContextVar<String> requestId = new ContextVar<>("requestId");
    private static final ContextVar<String> tenant = new ContextVar<>("tenant");
    private static final ContextVarPropagator ours = ContextVarPropagator.builder()
            .add(requestId, "request-id").add(tenant, "tenant").build();
    private static final W3CBaggagePropagator w3c = W3CBaggagePropagator.getInstance();

    private static final TextMapSetter<Map<String, String>> SETTER = Map::put;
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

    private final Map<String, String> out = new HashMap<>();
    private final Map<String, String> in = Map.of("baggage", "request-id=r-12345,tenant=acme");
    private Context withBaggage;
    private Token<String> t1;
    private Token<String> t2;

    @Setup(Level.Trial)
    public void setUp() {
        t1 = requestId.set("r-12345");
        t2 = tenant.set("acme");
        withBaggage = Context.root().with(Baggage.builder().put("request-id", "r-12345").put("tenant", "acme").build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tenant.reset(t2);
        requestId.reset(t1);
    }

    @Benchmark
    public Map<String, String> inject_contextVarPropagator() {
        ours.inject(Context.root(), out, SETTER);
        return out;
    }

    @Benchmark
    public Map<String, String> inject_w3cBaggage() {
        w3c.inject(withBaggage, out, SETTER);
        return out;
    }

    @Benchmark
    public Context extract_contextVarPropagator() {
        return ours.extract(Context.root(), in, GETTER);
    }

    @Benchmark
    public Context extract_w3cBaggage() {
        return w3c.extract(Context.root(), in, GETTER);
    }
}
