package io.extracontext.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read a value, across the peers: the peers' reads beside {@code ReadBenchmark}'s {@code get_contextVar} and
 * {@code get_threadLocalBaseline} (same op, same sizes, same run). Micrometer context-propagation
 * stores nothing (a read is the ThreadLocal's own); ScopedValue is in {@code src/jdk25/java}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerReadBenchmark {

    @Benchmark
    public Object get_openTelemetry(Peers.OpenTelemetry s) {
        return io.opentelemetry.context.Context.current().get(s.measured);
    }

    /** The key set last of N: a scan over the whole array up to 16 keys. */
    @Benchmark
    public Object get_openTelemetryLastKey(Peers.OpenTelemetry s) {
        return io.opentelemetry.context.Context.current().get(s.measuredLast);
    }

    @Benchmark
    public Object get_grpc(Peers.Grpc s) {
        return s.measured.get();
    }

    @Benchmark
    public Object get_ttl(Peers.Ttl s) {
        return s.measured.get();
    }

    @Benchmark
    public Object get_mdc(Peers.Mdc s) {
        return org.slf4j.MDC.get(s.measured);
    }
}
