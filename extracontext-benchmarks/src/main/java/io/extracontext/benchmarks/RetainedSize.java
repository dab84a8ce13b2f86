package io.extracontext.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import io.extracontext.Context;
import io.extracontext.ContextVar;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.ContextKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.openjdk.jol.info.GraphLayout;
import org.slf4j.MDC;

/**
 * Memory: the bytes a context (or snapshot) holding N values retains, per library, not
 * counting the keys and values themselves (they are the caller's whatever the library). Measured with
 * JOL as size(graph of context, keys, values) − size(graph of keys, values): both are computed
 * independently, so a GC moving objects between the two walks does not matter.
 *
 * <p>What is measured is what a captured context keeps alive: ours a {@code Context} after N sets;
 * OpenTelemetry a {@code Context} after N {@code with}; gRPC a {@code Context} after N {@code withValue};
 * TTL the {@code Transmitter.capture()} of N TTLs; Micrometer a {@code captureAll()} over N accessors
 * (its registry counted as shared); MDC the {@code getCopyOfContextMap()} of N keys, what MDCContext and
 * every hand-written propagation carry.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.extracontext.benchmarks.RetainedSize OUT.json [N...]}.
 */
public final class RetainedSize {
    private RetainedSize() {}

    record Sample(Object captured, Object shared) {}

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4, 16, 64, 256, 1024};
        Peers.requireLogback();
        Map<String, IntFunction<Sample>> subjects = new java.util.LinkedHashMap<>();
        subjects.put("contextVar", RetainedSize::ours);
        subjects.put("openTelemetry", RetainedSize::openTelemetry);
        subjects.put("grpc", RetainedSize::grpc);
        subjects.put("ttl", RetainedSize::ttl);
        subjects.put("micrometer", RetainedSize::micrometer);
        subjects.put("mdc", RetainedSize::mdc);
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, IntFunction<Sample>> subject : subjects.entrySet()) {
            for (int n : sizes) {
                Sample sample = subject.getValue().apply(n);
                long all = GraphLayout.parseInstance(sample.captured(), sample.shared()).totalSize();
                long shared = GraphLayout.parseInstance(sample.shared()).totalSize();
                rows.add(String.format("  {\"subject\": \"%s\", \"size\": %d, \"bytes\": %d}", subject.getKey(), n, all - shared));
                System.err.printf("retained %-14s N=%-5d %8d B%n", subject.getKey(), n, all - shared);
            }
        }
        try (PrintStream out = new PrintStream(args.length > 0 ? args[0] : "retained.json", "UTF-8")) {
            out.println("[\n" + String.join(",\n", rows) + "\n]");
        }
    }

    private static Object[] values(int n) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) values[i] = "value-" + i;
        return values;
    }

    static Sample ours(int n) {
        ContextVar<Object>[] vars = Fixtures.vars(n);
        Object[] values = values(n);
        Context context = new Context();
        context.run(() -> {
            for (int i = 0; i < n; i++) vars[i].set(values[i]);
        });
        return new Sample(context, new Object[] {vars, values});
    }

    static Sample openTelemetry(int n) {
        Object[] keys = new Object[n];
        Object[] values = values(n);
        io.opentelemetry.context.Context context = io.opentelemetry.context.Context.root();
        for (int i = 0; i < n; i++) {
            ContextKey<Object> key = ContextKey.named("key-" + i);
            keys[i] = key;
            context = context.with(key, values[i]);
        }
        // The root context is a shared singleton, not part of what one context retains.
        return new Sample(context, new Object[] {keys, values, io.opentelemetry.context.Context.root()});
    }

    static Sample grpc(int n) {
        Object[] keys = new Object[n];
        Object[] values = values(n);
        io.grpc.Context context = io.grpc.Context.ROOT;
        for (int i = 0; i < n; i++) {
            io.grpc.Context.Key<Object> key = io.grpc.Context.key("key-" + i);
            keys[i] = key;
            context = context.withValue(key, values[i]);
        }
        return new Sample(context, new Object[] {keys, values, io.grpc.Context.ROOT});
    }

    static Sample ttl(int n) {
        Object[] values = values(n);
        @SuppressWarnings("unchecked")
        TransmittableThreadLocal<Object>[] locals = new TransmittableThreadLocal[n];
        for (int i = 0; i < n; i++) {
            locals[i] = new TransmittableThreadLocal<>();
            locals[i].set(values[i]);
        }
        Object captured = TransmittableThreadLocal.Transmitter.capture();
        for (TransmittableThreadLocal<Object> local : locals) local.remove();
        return new Sample(captured, new Object[] {locals, values});
    }

    static Sample micrometer(int n) {
        Object[] values = values(n);
        ThreadLocal<Object>[] locals = Fixtures.threadLocals(n);
        ContextRegistry registry = new ContextRegistry();
        for (int i = 0; i < n; i++) {
            locals[i].set(values[i]);
            registry.registerThreadLocalAccessor("key-" + i, locals[i]);
        }
        Object captured = ContextSnapshotFactory.builder().contextRegistry(registry).build().captureAll();
        for (ThreadLocal<Object> local : locals) local.remove();
        return new Sample(captured, new Object[] {locals, values, registry});
    }

    static Sample mdc(int n) {
        String[] keys = new String[n];
        Object[] values = values(n);
        for (int i = 0; i < n; i++) {
            keys[i] = "key-" + i;
            MDC.put(keys[i], (String) values[i]);
        }
        Map<String, String> captured = MDC.getCopyOfContextMap();
        MDC.clear();
        return new Sample(captured, new Object[] {keys, values});
    }
}
