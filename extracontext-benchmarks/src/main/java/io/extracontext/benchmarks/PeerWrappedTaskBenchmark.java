package io.extracontext.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import io.extracontext.Context;
import io.extracontext.ContextVar;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.ContextKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

/**
 * A task wrapped with a snapshot and run where that snapshot is not current: the worker
 * side of propagation. Each state captures a snapshot of N values at setup and leaves the measuring
 * thread with an empty context, as a pooled worker has; the op wraps a no-op task with the snapshot
 * and runs the wrapper (install N values, run, restore the thread's own). Running on the benchmark
 * thread keeps the thread hand-off out (that is {@code poolSubmit}), and an empty current context
 * keeps the peers' "already current" shortcuts out (OpenTelemetry and gRPC skip the swap when the
 * wrapped context is the current one). Capturing is the {@code snapshot} op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerWrappedTaskBenchmark {

    static final Runnable NO_OP = ExecutorBenchmark.NO_OP_RUNNABLE;

    @State(Scope.Thread)
    public static class Plain {}

    @State(Scope.Thread)
    public static class Sized {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;
    }

    /** Ours: a {@code Context} of N vars, filled inside its own {@code run}, never entered here. */
    public static class Ours extends Sized {
        public Context snapshot;

        @Setup(Level.Trial)
        public void capture() {
            ContextVar<Object>[] vars = Fixtures.vars(size);
            Context context = new Context();
            context.run(() -> {
                for (int i = 0; i < size; i++) vars[i].set("value-" + i);
                for (int i = 0, pad = Fixtures.padToMerge(size); i < pad; i++) vars[size - 1].set("pad-" + i);
            });
            snapshot = context;
        }
    }

    public static class OpenTelemetry extends Sized {
        public io.opentelemetry.context.Context snapshot;

        @Setup(Level.Trial)
        public void capture() {
            io.opentelemetry.context.Context context = io.opentelemetry.context.Context.root();
            for (int i = 0; i < size; i++) context = context.with(ContextKey.named("key-" + i), "value-" + i);
            snapshot = context;
        }
    }

    public static class Grpc extends Sized {
        public io.grpc.Context snapshot;

        @Setup(Level.Trial)
        public void capture() {
            io.grpc.Context context = io.grpc.Context.ROOT;
            for (int i = 0; i < size; i++) context = context.withValue(io.grpc.Context.key("key-" + i), "value-" + i);
            snapshot = context;
        }
    }

    /** TTL: the {@code Transmitter.capture()} of N TTLs, which are then removed from this thread. */
    public static class Ttl extends Sized {
        public Object captured;
        private TransmittableThreadLocal<Object>[] locals; // kept reachable: TTL's holder is weak

        @SuppressWarnings("unchecked")
        @Setup(Level.Trial)
        public void capture() {
            locals = new TransmittableThreadLocal[size];
            for (int i = 0; i < size; i++) {
                locals[i] = new TransmittableThreadLocal<>();
                locals[i].set("value-" + i);
            }
            captured = TransmittableThreadLocal.Transmitter.capture();
            for (TransmittableThreadLocal<Object> local : locals) local.remove();
        }
    }

    public static class Micrometer extends Sized {
        public ContextSnapshot snapshot;

        @Setup(Level.Trial)
        public void capture() {
            ThreadLocal<Object>[] locals = Fixtures.threadLocals(size);
            ContextRegistry registry = new ContextRegistry();
            for (int i = 0; i < size; i++) {
                locals[i].set("value-" + i);
                registry.registerThreadLocalAccessor("key-" + i, locals[i]);
            }
            snapshot = ContextSnapshotFactory.builder().contextRegistry(registry).build().captureAll();
            for (ThreadLocal<Object> local : locals) local.remove();
        }
    }

    public static class Mdc extends Sized {
        public Map<String, String> captured;

        @Setup(Level.Trial)
        public void capture() {
            Peers.requireLogback();
            for (int i = 0; i < size; i++) MDC.put("key-" + i, "value-" + i);
            captured = MDC.getCopyOfContextMap();
            MDC.clear();
        }
    }

    /** No context at all: the no-op task, run. */
    @Benchmark
    public void wrap_plainBaseline(Plain s) {
        NO_OP.run();
    }

    /** {@code Context.wrap(task).run()}: every run of the wrapper enters a fresh copy of the snapshot. */
    @Benchmark
    public void wrap_contextWrap(Ours s) {
        s.snapshot.wrap(NO_OP).run();
    }

    @Benchmark
    public void wrap_openTelemetry(OpenTelemetry s) {
        s.snapshot.wrap(NO_OP).run();
    }

    @Benchmark
    public void wrap_grpc(Grpc s) {
        s.snapshot.wrap(NO_OP).run();
    }

    /**
     * What {@code TtlRunnable.run()} does with the capture it took at construction: replay it, run,
     * restore the backup. ({@code TtlRunnable.get} captures the current thread; there is no public
     * way to hand it a capture taken elsewhere.)
     */
    @Benchmark
    public void wrap_ttl(Ttl s) {
        Object backup = TransmittableThreadLocal.Transmitter.replay(s.captured);
        try {
            NO_OP.run();
        } finally {
            TransmittableThreadLocal.Transmitter.restore(backup);
        }
    }

    @Benchmark
    public void wrap_micrometer(Micrometer s) {
        s.snapshot.wrap(NO_OP).run();
    }

    /** The hand-written MDC idiom: install the captured map around the task, put the old one back. */
    @Benchmark
    public void wrap_mdc(Mdc s) {
        Peers.mdcWrap(s.captured, NO_OP).run();
    }
}
