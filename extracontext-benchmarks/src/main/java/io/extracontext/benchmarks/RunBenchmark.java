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
 * Entering a context: {@code Context.run { }} of a no-op, the cost of entering and leaving a context.
 * The baseline is the hand-written equivalent on one ThreadLocal: swap a value in, run, swap back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RunBenchmark {

    /** A snapshot of the filled context, entered again and again (never by two threads at once). */
    public static class Snapshot extends ContextOfSize {
        public Context context;

        @Override
        protected void afterFill() {
            context = Contexts.copyContext();
        }
    }

    @Benchmark
    public Object scope_threadLocalBaseline(ThreadLocalsOfSize s) throws Exception {
        Object previous = s.measured.get();
        s.measured.set(s.other);
        try {
            return Fixtures.NO_OP.call();
        } finally {
            s.measured.set(previous);
        }
    }

    @Benchmark
    public Object scope_contextRun(Snapshot s) throws Exception {
        return s.context.call(Fixtures.NO_OP);
    }

    /** What {@code Context.wrap} and hand-written propagation do per call: snapshot, then enter it. */
    @Benchmark
    public Object scope_copyContextRun(ContextOfSize s) throws Exception {
        return Contexts.copyContext().call(Fixtures.NO_OP);
    }
}
