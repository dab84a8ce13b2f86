package io.extracontext.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import com.alibaba.ttl.threadpool.TtlExecutors;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.MDC;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Executor submission, across the peers: each peer's context-carrying executor, beside
 * {@code ExecutorBenchmark}'s (same ops). {@code directExecute}: over a caller-runs delegate, the
 * wrapper's own cost. {@code poolSubmit}: {@code submit(task).get()} on a one-thread pool, the task
 * wrapped with the snapshot and run on another thread, waited for.
 *
 * <p>The submitting thread holds {@link #VALUES} values in every library at once (ours, OpenTelemetry,
 * gRPC, TTL, Micrometer's thread locals); each executor carries only its own library's. These rows
 * have no size: the report compares them with ours at size 16.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerExecutorBenchmark {

    static final int VALUES = 16;

    @State(Scope.Thread)
    public static class Wrapped {
        private ExecutorService pool;
        private ExecutorService direct;
        public ExecutorService otelPool, otelDirect, ttlPool, ttlDirect, micrometerPool, micrometerDirect;
        public Executor grpcPool, grpcDirect;

        private final java.util.ArrayDeque<AutoCloseable> undo = new java.util.ArrayDeque<>();
        private ThreadLocal<Object>[] locals;
        private TransmittableThreadLocal<Object>[] ttls;

        @SuppressWarnings("unchecked")
        @Setup(Level.Trial)
        public void start() {
            pool = ExecutorBenchmark.onePool();
            direct = new DirectExecutorService();

            io.opentelemetry.context.Context otel = io.opentelemetry.context.Context.current();
            io.grpc.Context grpc = io.grpc.Context.current();
            ContextRegistry registry = new ContextRegistry();
            locals = Fixtures.threadLocals(VALUES);
            ttls = new TransmittableThreadLocal[VALUES];
            for (int i = 0; i < VALUES; i++) {
                otel = otel.with(ContextKey.named("key-" + i), "value-" + i);
                grpc = grpc.withValue(io.grpc.Context.key("key-" + i), "value-" + i);
                locals[i].set("value-" + i);
                registry.registerThreadLocalAccessor("key-" + i, locals[i]);
                ttls[i] = new TransmittableThreadLocal<>();
                ttls[i].set("value-" + i);
            }
            undo.push(otel.makeCurrent());
            io.grpc.Context attached = grpc;
            io.grpc.Context previous = grpc.attach();
            undo.push(() -> attached.detach(previous));

            otelPool = io.opentelemetry.context.Context.taskWrapping(pool);
            otelDirect = io.opentelemetry.context.Context.taskWrapping(direct);
            grpcPool = io.grpc.Context.currentContextExecutor(pool);
            grpcDirect = io.grpc.Context.currentContextExecutor(direct);
            ttlPool = TtlExecutors.getTtlExecutorService(pool);
            ttlDirect = TtlExecutors.getTtlExecutorService(direct);
            ContextSnapshotFactory factory = ContextSnapshotFactory.builder().contextRegistry(registry).build();
            micrometerPool = ContextExecutorService.wrap(pool, factory);
            micrometerDirect = ContextExecutorService.wrap(direct, factory);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            while (!undo.isEmpty()) undo.pop().close();
            for (ThreadLocal<Object> local : locals) local.remove();
            for (TransmittableThreadLocal<Object> ttl : ttls) ttl.remove();
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            MDC.clear();
        }
    }

    @Benchmark
    public void directExecute_openTelemetry(Wrapped s) {
        s.otelDirect.execute(ExecutorBenchmark.NO_OP_RUNNABLE);
    }

    @Benchmark
    public void directExecute_grpc(Wrapped s) {
        s.grpcDirect.execute(ExecutorBenchmark.NO_OP_RUNNABLE);
    }

    @Benchmark
    public void directExecute_ttl(Wrapped s) {
        s.ttlDirect.execute(ExecutorBenchmark.NO_OP_RUNNABLE);
    }

    @Benchmark
    public void directExecute_micrometer(Wrapped s) {
        s.micrometerDirect.execute(ExecutorBenchmark.NO_OP_RUNNABLE);
    }

    @Benchmark
    public Object poolSubmit_openTelemetry(Wrapped s) throws ExecutionException, InterruptedException {
        return s.otelPool.submit(ExecutorBenchmark.NO_OP_TASK).get();
    }

    /** gRPC's wrapper is an {@code Executor} only: the same FutureTask that {@code submit} would make. */
    @Benchmark
    public Object poolSubmit_grpc(Wrapped s) throws ExecutionException, InterruptedException {
        FutureTask<Object> task = new FutureTask<>(ExecutorBenchmark.NO_OP_TASK);
        s.grpcPool.execute(task);
        return task.get();
    }

    @Benchmark
    public Object poolSubmit_ttl(Wrapped s) throws ExecutionException, InterruptedException {
        return s.ttlPool.submit(ExecutorBenchmark.NO_OP_TASK).get();
    }

    @Benchmark
    public Object poolSubmit_micrometer(Wrapped s) throws ExecutionException, InterruptedException {
        return s.micrometerPool.submit(ExecutorBenchmark.NO_OP_TASK).get();
    }
}
