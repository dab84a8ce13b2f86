package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/** Reads: {@code ContextVar.get()} beside {@code ThreadLocal.get()}, at context sizes 1, 16, 1024. */
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

    /**
     * Two vars read in turn, per read: what a log line reading a request id and a user does. Every
     * read misses the cell's one-entry read cache and probes the map. At size 1 the two
     * reads are of the same var.
     */
    @Benchmark
    @OperationsPerInvocation(2)
    public void get_contextVarAlternating(Layouts s, org.openjdk.jmh.infra.Blackhole bh) {
        bh.consume(s.measured.get());
        bh.consume(s.second.get());
    }

    /**
     * A thread that never set anything: a var with a default, read where the thread's slot is empty
     * (target ≤ 1.1× ThreadLocal.get). {@code size} only pairs the row with the baseline
     * of the same size; nothing of ours is set.
     */
    @State(Scope.Thread)
    public static class NoContext {
        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        public final ContextVar<Object> withDefault = new ContextVar<>("no-context", "default");

        @Setup
        public void check() {
            if (!Contexts.copyContext().isEmpty()) throw new IllegalStateException("the measuring thread has a context");
        }
    }

    @Benchmark
    public Object get_contextVarNoContext(NoContext s) {
        return s.withDefault.get();
    }

    /**
     * The floor of a cached read, measured rather than guessed: a thread local holding a "cell" whose
     * field holds an immutable (map, key, value) entry, read the way the library's hit path reads it,
     * with nothing of the library. {@code get_floorTrusted}: thread local, cell, entry, key check, value:
     * as deep as OpenTelemetry's first-key read (context, entries, entries[1]).
     * {@code get_floorChecked}: the same plus the check of the entry's map against the cell's, which
     * the library's hit path does (it is what makes a stale entry impossible).
     */
    @State(Scope.Thread)
    public static class Floor {
        static final class Entry {
            final Object map;
            final Object key;
            final Object value;

            Entry(Object map, Object key, Object value) {
                this.map = map;
                this.key = key;
                this.value = value;
            }
        }

        static final class Cell {
            Object vars = new Object();
            Entry hit;
        }

        @Param({"1", "4", "16", "64", "256", "1024"})
        public int size;

        final ThreadLocal<Cell> slot = new ThreadLocal<>();
        final Object key = new Object();

        @Setup
        public void fill() {
            Cell cell = new Cell();
            cell.hit = new Entry(cell.vars, key, "value");
            slot.set(cell);
        }

        @TearDown
        public void clear() {
            slot.remove();
        }
    }

    @Benchmark
    public Object get_floorTrusted(Floor s) {
        Floor.Cell cell = s.slot.get();
        Floor.Entry hit = cell.hit;
        return hit.key == s.key ? hit.value : null;
    }

    @Benchmark
    public Object get_floorChecked(Floor s) {
        Floor.Cell cell = s.slot.get();
        Floor.Entry hit = cell.hit;
        return hit.key == s.key && hit.map == cell.vars ? hit.value : null;
    }
}
