package io.extracontext.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;

/**
 * The peers' shape of "context size N", each as a thread-scoped JMH state: N values of the peer's
 * own kind set on the measuring thread the way the peer's users set them, {@code measured} being
 * the first. Every state undoes its writes at teardown. Sizes are those of {@link ContextOfSize}.
 */
public final class Peers {
    private Peers() {}


    /** OpenTelemetry: a {@link Context} of N keys, made current for the whole trial. */
    @State(Scope.Thread)
    public static class OpenTelemetry {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public ContextKey<Object> measured;
        /**
         * The key set last: OpenTelemetry's worst case, since its small contexts are an array scanned
         * from the first key (this row stands beside the first-key one).
         */
        public ContextKey<Object> measuredLast;
        public final Object other = new Object();
        private io.opentelemetry.context.Scope scope;

        @Setup(Level.Trial)
        public void fill() {
            Context context = Context.current();
            for (int i = 0; i < size; i++) {
                ContextKey<Object> key = ContextKey.named("key-" + i);
                if (i == 0) measured = key;
                measuredLast = key;
                context = context.with(key, "value-" + i);
            }
            scope = context.makeCurrent();
            if (Context.current().get(measuredLast) == null) throw new IllegalStateException("OpenTelemetry last key not set");
            if (Context.current().get(measured) == null) throw new IllegalStateException("OpenTelemetry context not current");
        }

        @TearDown(Level.Trial)
        public void restore() {
            scope.close();
        }
    }

    /** gRPC: a {@link io.grpc.Context} of N keys, attached for the whole trial. */
    @State(Scope.Thread)
    public static class Grpc {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public io.grpc.Context.Key<Object> measured;
        public final Object other = new Object();
        private io.grpc.Context attached;
        private io.grpc.Context previous;

        @Setup(Level.Trial)
        public void fill() {
            io.grpc.Context context = io.grpc.Context.current();
            for (int i = 0; i < size; i++) {
                io.grpc.Context.Key<Object> key = io.grpc.Context.key("key-" + i);
                if (i == 0) measured = key;
                context = context.withValue(key, "value-" + i);
            }
            attached = context;
            previous = context.attach();
            if (measured.get() == null) throw new IllegalStateException("gRPC context not attached");
        }

        @TearDown(Level.Trial)
        public void restore() {
            attached.detach(previous);
        }
    }

    /** Alibaba TTL: N {@link TransmittableThreadLocal}s set on the thread. */
    @State(Scope.Thread)
    public static class Ttl {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public TransmittableThreadLocal<Object>[] locals;
        public TransmittableThreadLocal<Object> measured;
        public final Object other = new Object();

        @SuppressWarnings("unchecked")
        @Setup(Level.Trial)
        public void fill() {
            locals = new TransmittableThreadLocal[size];
            for (int i = 0; i < size; i++) {
                locals[i] = new TransmittableThreadLocal<>();
                locals[i].set("value-" + i);
            }
            measured = locals[0];
        }

        @TearDown(Level.Trial)
        public void restore() {
            for (TransmittableThreadLocal<Object> local : locals) local.remove();
        }
    }

    /**
     * SLF4J MDC with Logback as the backend: N keys put on the thread. Micrometer's snapshot
     * factory is set up here too, over N plain thread locals registered as its accessors, since
     * context-propagation stores nothing itself: it captures and restores other libraries' thread
     * locals, one accessor per value.
     */
    @State(Scope.Thread)
    public static class Mdc {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public final String measured = "key-0";
        public final String other = "other";

        @Setup(Level.Trial)
        public void fill() {
            requireLogback();
            for (int i = 0; i < size; i++) MDC.put("key-" + i, "value-" + i);
        }

        @TearDown(Level.Trial)
        public void restore() {
            MDC.clear();
        }
    }

    /** Micrometer context-propagation: N thread locals, each registered as a ThreadLocalAccessor. */
    @State(Scope.Thread)
    public static class Micrometer {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public ThreadLocal<Object>[] locals;
        public ContextSnapshotFactory factory;

        @Setup(Level.Trial)
        public void fill() {
            locals = Fixtures.threadLocals(size);
            ContextRegistry registry = new ContextRegistry();
            for (int i = 0; i < size; i++) {
                locals[i].set("value-" + i);
                registry.registerThreadLocalAccessor("key-" + i, locals[i]);
            }
            factory = ContextSnapshotFactory.builder().contextRegistry(registry).build();
        }

        @TearDown(Level.Trial)
        public void restore() {
            for (ThreadLocal<Object> local : locals) local.remove();
        }
    }

    static void requireLogback() {
        String adapter = MDC.getMDCAdapter().getClass().getName();
        if (!adapter.startsWith("ch.qos.logback")) throw new IllegalStateException("MDC backend is not Logback: " + adapter);
    }

    /** What a hand-written MDC propagation does around a task: install the captured map, restore after. */
    static Runnable mdcWrap(Map<String, String> captured, Runnable task) {
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            if (captured == null) MDC.clear(); else MDC.setContextMap(captured);
            try {
                task.run();
            } finally {
                if (previous == null) MDC.clear(); else MDC.setContextMap(previous);
            }
        };
    }
}
