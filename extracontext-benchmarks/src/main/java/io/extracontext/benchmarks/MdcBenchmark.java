package io.extracontext.benchmarks;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.extracontext.benchmarks.CoroutineOps.Subject;
import io.extracontext.slf4j.ExtraContextServiceProvider;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC kept in the context ({@code extracontext-slf4j}'s adapter, as installed with
 * Logback) beside Logback's own {@code LogbackMDCAdapter}, both called directly in the same run, with
 * {@code entries} entries already in the MDC:
 * <ul>
 *   <li>{@code putRemove_*}: {@code put} then {@code remove} of one more key;</li>
 *   <li>{@code get_*}: one read;</li>
 *   <li>{@code eventMap_*}: {@code getPropertyMap()}, what Logback's {@code LoggingEvent} takes per
 *       event (no copy for either while the MDC is unchanged);</li>
 *   <li>{@code putThenEventMap_*}: a put, then the per-event map (Logback copies the map into a new
 *       read-only one after a write; ours hands out the immutable map the put made);</li>
 *   <li>{@code copyOfContextMap_*}: the user API's mutable copy (a copy for both, by contract);</li>
 *   <li>{@code resume_*}: a coroutine resume with the entries in the MDC: our {@code ContextElement}
 *       (the entries live in the context) vs kotlinx {@code MDCContext} on Logback (copies the map).</li>
 * </ul>
 * Run: {@code java -jar extracontext-benchmarks/target/benchmarks.jar MdcBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MdcBenchmark {
    static final int RESUMES = 1000;

    @State(Scope.Thread)
    public static class Adapters {
        @Param({"4"})
        public int entries;

        /** Ours, as {@code ExtraContextServiceProvider} makes it when it logs through Logback. */
        public LogbackMDCAdapter ours;
        /** Logback's own. */
        public LogbackMDCAdapter logback;
        int flip;

        @Setup(Level.Trial)
        public void fill() {
            Peers.requireLogback();
            MDCAdapter adapter = new ExtraContextServiceProvider().getMDCAdapter();
            if (!(adapter instanceof LogbackMDCAdapter)) throw new IllegalStateException("not the Logback adapter: " + adapter);
            ours = (LogbackMDCAdapter) adapter;
            logback = (LogbackMDCAdapter) MDC.getMDCAdapter();
            for (int i = 0; i < entries; i++) {
                ours.put("key-" + i, "value-" + i);
                logback.put("key-" + i, "value-" + i);
            }
        }

        @TearDown(Level.Trial)
        public void clear() {
            ours.clear();
            logback.clear();
        }
    }

    @Benchmark
    public void putRemove_ours(Adapters s) {
        s.ours.put("requestId", "r-1");
        s.ours.remove("requestId");
    }

    @Benchmark
    public void putRemove_logback(Adapters s) {
        s.logback.put("requestId", "r-1");
        s.logback.remove("requestId");
    }

    @Benchmark
    public String get_ours(Adapters s) {
        return s.ours.get("key-1");
    }

    @Benchmark
    public String get_logback(Adapters s) {
        return s.logback.get("key-1");
    }

    @Benchmark
    public Map<String, String> eventMap_ours(Adapters s) {
        return s.ours.getPropertyMap();
    }

    @Benchmark
    public Map<String, String> eventMap_logback(Adapters s) {
        return s.logback.getPropertyMap();
    }

    @Benchmark
    public Map<String, String> putThenEventMap_ours(Adapters s) {
        s.ours.put("step", (s.flip++ & 1) == 0 ? "a" : "b");
        return s.ours.getPropertyMap();
    }

    @Benchmark
    public Map<String, String> putThenEventMap_logback(Adapters s) {
        s.logback.put("step", (s.flip++ & 1) == 0 ? "a" : "b");
        return s.logback.getPropertyMap();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Map<String, String> copyOfContextMap_ours(Adapters s) {
        return s.ours.getCopyOfContextMap();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Map<String, String> copyOfContextMap_logback(Adapters s) {
        return s.logback.getCopyOfContextMap();
    }

    @Benchmark @OperationsPerInvocation(RESUMES)
    public int resume_contextElement(Adapters s) {
        return CoroutineOps.yields(Subject.OURS, RESUMES);
    }

    @Benchmark @OperationsPerInvocation(RESUMES)
    public int resume_mdcContext(Adapters s) {
        return CoroutineOps.yields(Subject.MDC, RESUMES);
    }
}
