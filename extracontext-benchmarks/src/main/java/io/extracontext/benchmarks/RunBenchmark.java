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
 * Issues #2 and #3: {@code Context.run { }} of a no-op, the cost of entering and leaving a context.
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
    public Object scope_threadLocalBaseline(ThreadLocalsOfSize s) {
        Object previous = s.measured.get();
        s.measured.set(s.other);
        try {
            return Fixtures.NO_OP.invoke();
        } finally {
            s.measured.set(previous);
        }
    }

    @Benchmark
    public Object scope_contextRun(Snapshot s) {
        return s.context.run(Fixtures.NO_OP);
    }

    /** What {@code Context.wrap} and hand-written propagation do per call: snapshot, then enter it. */
    @Benchmark
    public Object scope_copyContextRun(ContextOfSize s) {
        return Contexts.copyContext().run(Fixtures.NO_OP);
    }
}
