package io.extracontext.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/** Issue #2: {@code ContextVar.get()} beside {@code ThreadLocal.get()}, at context sizes 1, 16, 1024. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReadBenchmark {

    /**
     * Two layouts of the same N vars. {@code settled}: every var in the trie, as in a context that
     * was filled and then read many times. {@code fresh}: straight after N sets, with N mod 5 recent
     * writes still in the overlay (1 at size 16, 4 at size 1024), which a read of an older var walks first.
     */
    public static class Layouts extends ContextOfSize {
        @Param({"settled", "fresh"})
        public String layout;

        @Override
        protected boolean settled() {
            return layout.equals("settled");
        }
    }

    @Benchmark
    public Object get_threadLocalBaseline(ThreadLocalsOfSize s) {
        return s.measured.get();
    }

    @Benchmark
    public Object get_contextVar(Layouts s) {
        return s.measured.get();
    }
}
