package io.extracontext.benchmarks;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
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
 * Scoped write and restore, across the peers: each peer's idiom for "this value for this block, then the
 * old one back", beside {@code WriteBenchmark}'s {@code setReset_contextVar} (set + reset) and its
 * ThreadLocal baseline. The block is empty: the pair itself is measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerScopedWriteBenchmark {

    /** {@code Context.current().with(key, v).makeCurrent()} then {@code close()}: OpenTelemetry's idiom. */
    @Benchmark
    public void setReset_openTelemetry(Peers.OpenTelemetry s) {
        try (Scope scope = Context.current().with(s.measured, s.other).makeCurrent()) {
            // nothing: the pair itself is measured
        }
    }

    /** {@code withValue} + {@code attach}, then {@code detach}: gRPC's idiom. */
    @Benchmark
    public void setReset_grpc(Peers.Grpc s) {
        io.grpc.Context next = io.grpc.Context.current().withValue(s.measured, s.other);
        io.grpc.Context previous = next.attach();
        try {
            // nothing
        } finally {
            next.detach(previous);
        }
    }

    @Benchmark
    public void setReset_ttl(Peers.Ttl s) {
        Object previous = s.measured.get();
        s.measured.set(s.other);
        try {
            // nothing
        } finally {
            s.measured.set(previous);
        }
    }

    @Benchmark
    public void setReset_mdc(Peers.Mdc s) {
        String previous = MDC.get(s.measured);
        MDC.put(s.measured, s.other);
        try {
            // nothing
        } finally {
            MDC.put(s.measured, previous);
        }
    }
}
