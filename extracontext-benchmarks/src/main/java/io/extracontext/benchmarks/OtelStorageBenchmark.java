package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.opentelemetry.ExtraContextStorageProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
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
 * OpenTelemetry's {@code Context.current()} and {@code makeCurrent()} + {@code close()}
 * with {@code ExtraContextStorageProvider} beside OpenTelemetry's default {@code ThreadLocalContextStorage}.
 *
 * <p>OpenTelemetry chooses its storage once per JVM, so {@code storage} is a {@code @Param}: JMH runs
 * each value in its own forks, and the trial's setup installs the storage before anything touches
 * OpenTelemetry ({@code ContextStorage.addWrapper}, which works only before that first use). The
 * benchmark jar leaves out our {@code META-INF/services} entry, so that every other benchmark keeps
 * measuring OpenTelemetry's default storage. The setup checks which storage is in effect.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar 'OtelStorageBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class OtelStorageBenchmark {
    private static final ContextKey<String> KEY = ContextKey.named("bench");
    private static final ContextVar<Object> VAR = new ContextVar<>("bench");

    @Param({"threadLocal", "extracontext"})
    public String storage;

    private Context current;
    private Context other;
    private Scope outer;

    @Setup(Level.Trial)
    public void install() {
        if (storage.equals("extracontext")) {
            ContextStorage.addWrapper(ignored -> new ExtraContextStorageProvider().get());
        }
        String inEffect = ContextStorage.get().getClass().getSimpleName();
        String expected = storage.equals("extracontext") ? "ExtraContextStorage" : "ThreadLocalContextStorage";
        if (!inEffect.equals(expected)) {
            throw new IllegalStateException("storage=" + storage + " but OpenTelemetry uses " + inEffect
                    + ": the storage is chosen once per JVM, run each value in its own fork");
        }
        current = Context.root().with(KEY, "current");
        other = Context.root().with(KEY, "other");
        outer = current.makeCurrent();   // a non-root context is current, as inside a request
    }

    @TearDown(Level.Trial)
    public void uninstall() {
        outer.close();
    }

    @Benchmark
    public Context current() {
        return Context.current();
    }

    /** The floor under ours: one scoped write of a ContextVar, which each makeCurrent + close with our storage is built on. */
    @Benchmark
    public Object contextVarSetReset() {
        Token<Object> t = VAR.set(other);
        VAR.reset(t);
        return t;
    }

    @Benchmark
    public Context makeCurrentClose() {
        try (Scope s = other.makeCurrent()) {
            return other;
        }
    }
}
