package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.benchmarks.CoroutineOps.Subject;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
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
import org.slf4j.MDC;

/**
 * Coroutines: per resume ({@code yield()} on runBlocking's single-threaded event loop),
 * per {@code launch { }.join()}, and per {@code withContext(element) { }} on the same dispatcher, with
 * our {@code ContextElement}, kotlinx's {@code ThreadLocal.asContextElement()}, kotlinx-coroutines-slf4j's
 * {@code MDCContext()} (Logback backend), or no element (the baseline). Scores are per operation
 * ({@code @OperationsPerInvocation}); the one runBlocking per invocation is spread over them.
 *
 * <p>The benchmark thread holds {@link #VALUES} values in each library (ContextVars, MDC keys) and
 * one value in the kotlinx thread local, so that a copy has something to copy. No size param.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoroutineBenchmark {

    static final int VALUES = 16;
    static final int RESUMES = 1000;
    static final int LAUNCHES = 100;

    @State(Scope.Thread)
    public static class Values {
        private final ArrayDeque<Token<Object>> tokens = new ArrayDeque<>();

        @Setup(Level.Trial)
        public void fill() {
            Peers.requireLogback();
            ContextVar<Object>[] vars = Fixtures.vars(VALUES);
            for (int i = 0; i < VALUES; i++) {
                tokens.push(vars[i].set("value-" + i));
                MDC.put("key-" + i, "value-" + i);
            }
            // Settle the overlay as ContextOfSize does.
            for (int i = 0, pad = Fixtures.padToMerge(VALUES); i < pad; i++) tokens.push(vars[VALUES - 1].set("pad-" + i));
            CoroutineOps.threadLocal.set("thread's own");
        }

        @TearDown(Level.Trial)
        public void restore() {
            while (!tokens.isEmpty()) {
                Token<Object> token = tokens.pop();
                token.getVariable().reset(token);
            }
            MDC.clear();
            CoroutineOps.threadLocal.remove();
        }
    }

    @Benchmark @OperationsPerInvocation(RESUMES)
    public int resume_noElementBaseline(Values s) {
        return CoroutineOps.yields(Subject.NONE, RESUMES);
    }

    @Benchmark @OperationsPerInvocation(RESUMES)
    public int resume_contextElement(Values s) {
        return CoroutineOps.yields(Subject.OURS, RESUMES);
    }

    @Benchmark @OperationsPerInvocation(RESUMES)
    public int resume_threadLocalElement(Values s) {
        return CoroutineOps.yields(Subject.THREAD_LOCAL, RESUMES);
    }

    @Benchmark @OperationsPerInvocation(RESUMES)
    public int resume_mdcContext(Values s) {
        return CoroutineOps.yields(Subject.MDC, RESUMES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int launchJoin_noElementBaseline(Values s) {
        return CoroutineOps.launchJoins(Subject.NONE, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int launchJoin_contextElement(Values s) {
        return CoroutineOps.launchJoins(Subject.OURS, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int launchJoin_threadLocalElement(Values s) {
        return CoroutineOps.launchJoins(Subject.THREAD_LOCAL, LAUNCHES);
    }

    /** The floor of any element copied at launch: a copyable element that does nothing. */
    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int launchJoin_copyableNoOpElement(Values s) {
        return CoroutineOps.launchJoins(Subject.COPYABLE_NO_OP, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int launchJoin_mdcContext(Values s) {
        return CoroutineOps.launchJoins(Subject.MDC, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int withContext_noElementBaseline(Values s) {
        return CoroutineOps.withContexts(Subject.NONE, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int withContext_contextElement(Values s) {
        return CoroutineOps.withContexts(Subject.OURS, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int withContext_threadLocalElement(Values s) {
        return CoroutineOps.withContexts(Subject.THREAD_LOCAL, LAUNCHES);
    }

    @Benchmark @OperationsPerInvocation(LAUNCHES)
    public int withContext_mdcContext(Values s) {
        return CoroutineOps.withContexts(Subject.MDC, LAUNCHES);
    }
}
