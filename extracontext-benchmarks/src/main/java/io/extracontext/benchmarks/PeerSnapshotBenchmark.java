package io.extracontext.benchmarks;

import com.alibaba.ttl.TransmittableThreadLocal;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Snapshot of the current context, across the peers: what each peer captures to carry the caller's values
 * elsewhere, beside {@code SnapshotBenchmark}'s {@code copyContext()}. OpenTelemetry's and gRPC's
 * contexts are immutable, so their snapshot is the current context itself; TTL, Micrometer and MDC
 * copy their N values into a new map.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerSnapshotBenchmark {

    @Benchmark
    public Object snapshot_openTelemetry(Peers.OpenTelemetry s) {
        return io.opentelemetry.context.Context.current();
    }

    @Benchmark
    public Object snapshot_grpc(Peers.Grpc s) {
        return io.grpc.Context.current();
    }

    @Benchmark
    public Object snapshot_ttl(Peers.Ttl s) {
        return TransmittableThreadLocal.Transmitter.capture();
    }

    @Benchmark
    public Object snapshot_micrometer(Peers.Micrometer s) {
        return s.factory.captureAll();
    }

    @Benchmark
    public Map<String, String> snapshot_mdc(Peers.Mdc s) {
        return org.slf4j.MDC.getCopyOfContextMap();
    }
}
