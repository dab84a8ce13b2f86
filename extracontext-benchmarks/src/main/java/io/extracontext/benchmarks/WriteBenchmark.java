package io.extracontext.benchmarks;

import io.extracontext.Token;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Writes: a {@code set} undone straight away, the shape of every scoped value: {@code set} +
 * {@code reset} of a ContextVar beside a ThreadLocal set and restore of the previous value.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class WriteBenchmark {

    @Benchmark
    public void setReset_threadLocalBaseline(ThreadLocalsOfSize s) {
        Object previous = s.measured.get();
        s.measured.set(s.other);
        try {
            // nothing: the pair itself is measured
        } finally {
            s.measured.set(previous);
        }
    }

    @Benchmark
    public void setReset_contextVar(ContextOfSize s) {
        // The writes land in the thread's context, so nothing here can be eliminated as dead code.
        Token<Object> token = s.measured.set(s.other);
        try {
            // nothing: the pair itself is measured
        } finally {
            s.measured.reset(token);
        }
    }

    /**
     * The same pair with the token handed out of the compiled method, as when it is passed to code
     * the JIT does not inline: escape analysis can then no longer remove the token, and its bytes count.
     */
    @Benchmark
    public void setReset_contextVarTokenEscapes(ContextOfSize s, Blackhole blackhole) {
        Token<Object> token = s.measured.set(s.other);
        try {
            blackhole.consume(token);
        } finally {
            s.measured.reset(token);
        }
    }
}
