package io.extracontext.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A peer, JDK 25 only (compiled by the {@code jdk25} profile): {@link ScopedValue} read and
 * scoped write. A binding lives only inside {@code where(...).call(...)}, so it cannot be made
 * current for a whole JMH trial: each invocation enters N bindings once and does {@link #BATCH}
 * operations inside, and the score is per operation. Caveat: the JIT is allowed to hoist a
 * ScopedValue read out of such a loop (the API is designed for that), so {@code get_scopedValue}
 * is a lower bound of a read in code the JIT cannot see through.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerScopedValueBenchmark {

    static final int BATCH = 256;
    static final Runnable NO_OP = () -> {};

    @State(Scope.Thread)
    public static class Bindings {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public ScopedValue<Object> measured;
        public ScopedValue.Carrier carrier;
        public final Object other = new Object();

        @Setup(Level.Trial)
        public void fill() {
            measured = ScopedValue.newInstance();
            carrier = ScopedValue.where(measured, "value-0");
            for (int i = 1; i < size; i++) carrier = carrier.where(ScopedValue.newInstance(), "value-" + i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void get_scopedValue(Bindings s, Blackhole blackhole) {
        s.carrier.run(() -> {
            ScopedValue<Object> measured = s.measured;
            for (int i = 0; i < BATCH; i++) blackhole.consume(measured.get());
        });
    }

    /** {@code where(v, x).run(block)}: ScopedValue's only write, scoped by construction. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void setReset_scopedValue(Bindings s) {
        s.carrier.run(() -> {
            ScopedValue<Object> measured = s.measured;
            Object other = s.other;
            for (int i = 0; i < BATCH; i++) ScopedValue.where(measured, other).run(NO_OP);
        });
    }
}
