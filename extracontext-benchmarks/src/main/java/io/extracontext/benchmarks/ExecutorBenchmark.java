package io.extracontext.benchmarks;

import io.extracontext.ContextPreservingExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link ContextPreservingExecutor} adds per task, beside the plain pool it wraps.
 *
 * <p>Two shapes. {@code poolSubmit}: submit a no-op to a one-thread pool and wait for it, the real
 * round trip, dominated by the thread hand-off. {@code directExecute}: the same executors over a
 * delegate that runs tasks on the caller, which isolates the wrapper's own cost (capture at
 * submission, install and restore around the task) from scheduling noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExecutorBenchmark {

    static final Callable<Object> NO_OP_TASK = () -> Boolean.TRUE;
    static final Runnable NO_OP_RUNNABLE = () -> {};

    static ExecutorService onePool() {
        return new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
    }

    /** The plain executors: no context on the submitting thread, nothing wrapped. */
    @State(Scope.Thread)
    public static class Plain {
        public ExecutorService pool;
        public ExecutorService direct;

        @Setup(Level.Trial)
        public void start() {
            pool = onePool();
            direct = new DirectExecutorService();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** The same executors wrapped, submitted to from a context of N vars. */
    public static class Wrapped extends ContextOfSize {
        public ContextPreservingExecutor pool;
        public ContextPreservingExecutor direct;

        @Override
        protected void afterFill() {
            pool = ContextPreservingExecutor.wrap(onePool());
            direct = ContextPreservingExecutor.wrap(new DirectExecutorService());
        }

        @Override
        protected void beforeRestore() {
            pool.close();
            direct.close();
        }
    }

    @Benchmark
    public Object poolSubmit_plainPoolBaseline(Plain s) throws ExecutionException, InterruptedException {
        return s.pool.submit(NO_OP_TASK).get();
    }

    @Benchmark
    public Object poolSubmit_contextPool(Wrapped s) throws ExecutionException, InterruptedException {
        return s.pool.submit(NO_OP_TASK).get();
    }

    @Benchmark
    public void directExecute_plainBaseline(Plain s) {
        s.direct.execute(NO_OP_RUNNABLE);
    }

    @Benchmark
    public void directExecute_contextExecutor(Wrapped s) {
        s.direct.execute(NO_OP_RUNNABLE);
    }
}
