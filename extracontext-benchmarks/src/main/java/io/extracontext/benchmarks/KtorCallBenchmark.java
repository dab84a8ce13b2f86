package io.extracontext.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTP call to a Ktor server on Netty over loopback (CIO client, the same request each time),
 * with {@code install(ExtraContext)} binding the request's header ({@code plugin}) and without it
 * ({@code bare}, the handler reads the header itself). The ratio plugin/bare is the plugin's cost per
 * call, measured in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class KtorCallBenchmark {

    @Param({"bare", "plugin"})
    public String server;

    private KtorCalls calls;

    @Setup(Level.Trial)
    public void start() {
        calls = new KtorCalls("plugin".equals(server));
        if (!"r-1".equals(calls.call())) throw new IllegalStateException("the server did not answer with the request id");
    }

    @TearDown(Level.Trial)
    public void stop() {
        calls.close();
    }

    @Benchmark
    public String call() {
        return calls.call();
    }
}
