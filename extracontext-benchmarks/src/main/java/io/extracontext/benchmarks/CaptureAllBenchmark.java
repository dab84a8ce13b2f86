package io.extracontext.benchmarks;

import io.extracontext.micrometer.ExtraContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micrometer's {@code captureAll()} with our {@link ExtraContextAccessor} over a context
 * of N {@code ContextVar}s, beside {@code captureAll()} over N plain {@code ThreadLocal} accessors
 * ({@link Peers.Micrometer}). Run with {@code -prof gc} for the allocation per capture:
 * {@code java -jar target/benchmarks.jar 'CaptureAllBenchmark' -p size=1,16,1024 -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CaptureAllBenchmark {

    /** A context of N variables and a factory whose private registry holds only our accessor. */
    @State(Scope.Thread)
    public static class Ours extends ContextOfSize {
        public ContextSnapshotFactory factory;

        @Setup(Level.Trial)
        public void factory() {
            ContextRegistry registry = new ContextRegistry();
            registry.registerThreadLocalAccessor(new ExtraContextAccessor());
            factory = ContextSnapshotFactory.builder().contextRegistry(registry).build();
        }
    }

    @Benchmark
    public ContextSnapshot captureAll_extracontext(Ours s) {
        return s.factory.captureAll();
    }

    @Benchmark
    public ContextSnapshot captureAll_micrometerThreadLocals(Peers.Micrometer s) {
        return s.factory.captureAll();
    }
}
