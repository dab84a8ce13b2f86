package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.ContextCell;
import io.extracontext.spi.Executions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the always-on coroutine check. It runs only where a thread's first cell is
 * created (a write into an empty root context), so an ordinary write never reaches it: compare
 * {@link WriteBenchmark} before and after the change. This benchmark measures the one path that
 * does reach it: a {@code set} into an empty root, as on a fresh thread, made repeatable by
 * emptying the slot first and putting the thread's cell back after (the SPI a coroutine element
 * uses on every resume). On the JMH thread the check finds no kotlinx worker and reports nothing.
 *
 * <p>Run it against the same benchmark built from the commit before the check, back to back:
 * {@code java -jar extracontext-benchmarks/target/benchmarks.jar 'FirstWriteBenchmark|WriteBenchmark.setReset_contextVar$' -p size=1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FirstWriteBenchmark {
    private final ContextVar<Object> variable = new ContextVar<>("first-write");
    private final Object value = new Object();

    /** A set into an empty root context (creates the thread's cell: the check runs), then the thread's own cell back. */
    @Benchmark
    public Token<Object> firstWriteOnEmptyRoot_contextVar() {
        try (io.extracontext.Scope entered = Executions.enter(null)) {
            return variable.set(value);
        }
    }

    /** The same slot traffic and write, into a cell that already exists: no cell is created, so the check never runs. */
    @Benchmark
    public Token<Object> writeIntoExistingCell_contextVar(CellHolder cells) {
        try (io.extracontext.Scope entered = Executions.enter(cells.cell)) {
            return variable.set(value);
        }
    }

    /** A thread's own cell, made once: a write into it is an ordinary write. */
    @State(Scope.Thread)
    public static class CellHolder {
        final ContextCell cell = ContextCell.startingFrom(new io.extracontext.Context());
    }
}
