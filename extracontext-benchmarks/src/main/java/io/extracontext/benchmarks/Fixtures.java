package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import java.util.concurrent.Callable;

/** Shared building blocks of the benchmark states. */
final class Fixtures {
    private Fixtures() {}

    /**
     * The no-op block that {@code run} benchmarks enter and leave. Non-capturing, so it is one
     * shared instance and the benchmark measures the scope, not a lambda allocation.
     */
    static final Callable<Object> NO_OP = () -> Boolean.TRUE;

    @SuppressWarnings("unchecked")
    static ContextVar<Object>[] vars(int n) {
        ContextVar<Object>[] vars = new ContextVar[n];
        // No default: a get() on a thread where the fixture was not filled throws instead of lying.
        for (int i = 0; i < n; i++) vars[i] = new ContextVar<>("var-" + i);
        return vars;
    }

    @SuppressWarnings("unchecked")
    static ThreadLocal<Object>[] threadLocals(int n) {
        ThreadLocal<Object>[] locals = new ThreadLocal[n];
        for (int i = 0; i < n; i++) locals[i] = new ThreadLocal<>();
        return locals;
    }

    /** Extra writes after {@code writes} writes so that the core merges its overlay into the trie. */
    static int padToMerge(int writes) {
        int rest = writes % ContextOfSize.WRITES_PER_MERGE;
        return rest == 0 ? 0 : ContextOfSize.WRITES_PER_MERGE - rest;
    }
}
