package io.extracontext.benchmarks;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.opentelemetry.ExtraContextStorageProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Under the OpenTelemetry Java agent: a span scope ({@code makeCurrent()} + {@code close()}) and a
 * pool task, with our integration ({@code ExtraContextStorageProvider} kept over the agent's
 * storage) and with the agent alone. Every fork runs with the agent (copied by Maven to
 * {@code target/agent/}; run from {@code extracontext-benchmarks/}). OpenTelemetry chooses its
 * storage once per JVM, so {@code storage} is a {@code @Param} (each value in its own forks); the
 * setup checks which storage is in effect.
 *
 * <p>Run: {@code cd extracontext-benchmarks && java -jar target/benchmarks.jar OtelAgentBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:target/agent/opentelemetry-javaagent.jar",
        "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class OtelAgentBenchmark {
    @Param({"agentAlone", "agentWithExtracontext"})
    public String storage;

    private Span span;
    private ContextPreservingExecutor pool;

    @Setup(Level.Trial)
    public void install() {
        if (storage.equals("agentWithExtracontext")) {
            // What OpenTelemetry does when our provider is on the class path (the benchmark jar
            // leaves out its services entry): ask it, which registers the wrapper over the agent's storage.
            new ExtraContextStorageProvider().get();
        }
        String inEffect = ContextStorage.get().toString();
        boolean ours = inEffect.startsWith("ExtraContextStorage over") && inEffect.contains("AgentContextStorage");
        boolean agent = inEffect.contains("AgentContextStorage");
        if (!agent || ours != storage.equals("agentWithExtracontext")) {
            throw new IllegalStateException("storage=" + storage + " but OpenTelemetry uses " + inEffect
                    + " (is the agent in target/agent/? is each value in its own fork?)");
        }
        span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault()));
        pool = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor());
    }

    @TearDown(Level.Trial)
    public void uninstall() {
        pool.shutdownNow();
    }

    @Benchmark
    public Span spanScope() {
        try (Scope s = span.makeCurrent()) {
            return span;
        }
    }

    /** A task submitted with a span current, reading it on the pool thread; submit and wait. */
    @Benchmark
    public Object poolTask() throws Exception {
        try (Scope s = span.makeCurrent()) {
            return pool.submit(Span::current).get();
        }
    }
}
