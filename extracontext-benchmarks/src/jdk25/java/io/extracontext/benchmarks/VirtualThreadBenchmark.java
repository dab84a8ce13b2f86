package io.extracontext.benchmarks;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextPreservingThreadFactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@link ContextPreservingThreadFactory} adds to a virtual thread's life, beside the plain
 * virtual-thread factory (JDK 25 only: compiled by the {@code jdk25} profile). The caller holds a
 * context of {@code size} variables; every task is a no-op, so the difference between the rows of a
 * pair is the capture at {@code newThread} plus the new execution on the thread.
 *
 * <p>Pairs, per thread: {@code newThread_*} (an unstarted thread: the capture alone); {@code thread_*}
 * (newThread, start, join); {@code submit_*} (a thread-per-task executor's submit and get: plain, on our
 * factory, and ContextPreservingExecutor.newVirtualThreadPerTaskExecutor); {@code fork_*}
 * (StructuredTaskScope forks, joined). All but {@code newThread_*} run {@link #BATCH} threads per
 * invocation, so that carriers stay busy and one thread's wake-up latency is not the score (one thread
 * per invocation swung 8-90 us between iterations on a loaded 2-core machine). StructuredTaskScope is a preview API
 * in JDK 25; it is reached here through method handles, which need no --enable-preview, so that the
 * benchmark jar runs with the same flags as every other row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class VirtualThreadBenchmark {

    static final Runnable NO_OP = () -> {};
    static final Callable<Object> NO_OP_TASK = () -> Boolean.TRUE;

    private static final MethodHandle OPEN;
    private static final MethodHandle FORK;
    private static final MethodHandle JOIN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle AWAIT_ALL;
    private static final MethodHandle WITH_THREAD_FACTORY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> scope = Class.forName("java.util.concurrent.StructuredTaskScope");
            Class<?> joiner = Class.forName("java.util.concurrent.StructuredTaskScope$Joiner");
            Class<?> configuration = Class.forName("java.util.concurrent.StructuredTaskScope$Configuration");
            Class<?> subtask = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask");
            OPEN = lookup.findStatic(scope, "open", MethodType.methodType(scope, joiner, Function.class));
            FORK = lookup.findVirtual(scope, "fork", MethodType.methodType(subtask, Runnable.class));
            JOIN = lookup.findVirtual(scope, "join", MethodType.methodType(Object.class));
            CLOSE = lookup.findVirtual(scope, "close", MethodType.methodType(void.class));
            AWAIT_ALL = lookup.findStatic(joiner, "awaitAll", MethodType.methodType(joiner));
            WITH_THREAD_FACTORY = lookup.findVirtual(configuration, "withThreadFactory", MethodType.methodType(configuration, ThreadFactory.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The caller's context of {@code size} variables, and the factories and executors of both kinds. */
    @State(Scope.Thread)
    public static class Threads extends ContextOfSize {
        public ThreadFactory plain;
        public ThreadFactory preserving;
        public Function<Object, Object> plainConfig;
        public Function<Object, Object> preservingConfig;
        public ExecutorService plainExecutor;
        public ExecutorService factoryExecutor;
        public ExecutorService wrappedExecutor;

        @Override
        protected void afterFill() {
            plain = Thread.ofVirtual().factory();
            preserving = new ContextPreservingThreadFactory(Thread.ofVirtual().factory());
            plainConfig = configWith(plain);
            preservingConfig = configWith(preserving);
            plainExecutor = Executors.newThreadPerTaskExecutor(plain);
            factoryExecutor = Executors.newThreadPerTaskExecutor(preserving);
            wrappedExecutor = ContextPreservingExecutor.newVirtualThreadPerTaskExecutor();
        }

        @Override
        protected void beforeRestore() {
            plainExecutor.close();
            factoryExecutor.close();
            wrappedExecutor.close();
        }

        private static Function<Object, Object> configWith(ThreadFactory factory) {
            return cfg -> {
                try {
                    return WITH_THREAD_FACTORY.invoke(cfg, factory);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            };
        }
    }

    /** Threads, tasks or forks per invocation: enough that carrier threads stay busy, so one wake-up is not the score. */
    static final int BATCH = 100;

    private static Object startAndJoin(ThreadFactory factory) throws InterruptedException {
        Thread[] threads = new Thread[BATCH];
        for (int i = 0; i < BATCH; i++) {
            threads[i] = factory.newThread(NO_OP);
            threads[i].start();
        }
        for (Thread thread : threads) thread.join();
        return threads;
    }

    private static Object submitAndGet(ExecutorService executor) throws Exception {
        @SuppressWarnings("unchecked")
        Future<Object>[] futures = new Future[BATCH];
        for (int i = 0; i < BATCH; i++) futures[i] = executor.submit(NO_OP_TASK);
        for (Future<Object> future : futures) future.get();
        return futures;
    }

    private static Object forkAndJoin(Function<Object, Object> config) throws Throwable {
        Object scope = OPEN.invoke(AWAIT_ALL.invoke(), config);
        try {
            for (int i = 0; i < BATCH; i++) FORK.invoke(scope, NO_OP);
            return JOIN.invoke(scope);
        } finally {
            CLOSE.invoke(scope);
        }
    }

    /** The factory's own cost at creation: an unstarted virtual thread (the capture happens here). */
    @Benchmark
    public Object newThread_plain(Threads s) {
        return s.plain.newThread(NO_OP);
    }

    @Benchmark
    public Object newThread_preserving(Threads s) {
        return s.preserving.newThread(NO_OP);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object thread_plain(Threads s) throws InterruptedException {
        return startAndJoin(s.plain);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object thread_preserving(Threads s) throws InterruptedException {
        return startAndJoin(s.preserving);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object submit_plain(Threads s) throws Exception {
        return submitAndGet(s.plainExecutor);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object submit_preservingFactory(Threads s) throws Exception {
        return submitAndGet(s.factoryExecutor);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object submit_preservingExecutor(Threads s) throws Exception {
        return submitAndGet(s.wrappedExecutor);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object fork_plain(Threads s) throws Throwable {
        return forkAndJoin(s.plainConfig);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object fork_preserving(Threads s) throws Throwable {
        return forkAndJoin(s.preservingConfig);
    }
}
