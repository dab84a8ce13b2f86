package io.extracontext.benchmarks;

import io.extracontext.Context;
import io.extracontext.Contexts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Snapshots: {@code copyContext()}, which must be O(1) in time and bytes. The baseline is what
 * carrying N thread locals to another thread takes without a context: reading each into an array.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SnapshotBenchmark {

    @Benchmark
    public Object[] snapshot_threadLocalBaseline(ThreadLocalsOfSize s) {
        ThreadLocal<Object>[] locals = s.locals;
        Object[] captured = new Object[locals.length];
        for (int i = 0; i < locals.length; i++) captured[i] = locals[i].get();
        return captured;
    }

    @Benchmark
    public Context snapshot_copyContext(ContextOfSize s) {
        return Contexts.copyContext();
    }
}
