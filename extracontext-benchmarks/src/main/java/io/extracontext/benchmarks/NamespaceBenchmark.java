package io.extracontext.benchmarks;

import io.extracontext.ContextLocal;
import io.extracontext.Contexts;
import io.extracontext.Scope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attribute get and set on a native {@link ContextLocal} beside {@code ContextVar.get} and
 * {@code set} in the very same context, and {@code ContextLocal.run { }} of a no-op beside its
 * ContextVar equivalent, {@code copyContext().run { }}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class NamespaceBenchmark {

    /**
     * The N vars of {@link ContextOfSize}, plus a namespace holding N attributes, {@link #name}
     * being the first. Both maps are settled (no overlay left), like the vars.
     */
    public static class Namespace extends ContextOfSize {
        public final ContextLocal local = new ContextLocal();
        public final String name = "attr-0";
        /**
         * The same name built at run time, as code that makes names does: neither the
         * interned constant above nor the instance stored in the namespace, so a probe cannot win
         * on identity with the stored key.
         */
        public final String builtName = new StringBuilder("attr-").append(0).toString();
        private final Object a = new Object();
        private final Object b = new Object();
        private boolean flip;
        private Scope scope;

        @Override
        protected void afterFill() {
            // Entered so that teardown can drop every attribute at once: attributes have no tokens.
            scope = local.enter();
            for (int i = 0; i < size; i++) local.setAttribute("attr-" + i, "value-" + i);
            // Each setAttribute is one write to the attribute map and one to the context map.
            int pad = Fixtures.padToMerge(size);
            for (int i = 0; i < pad; i++) local.setAttribute("attr-" + (size - 1), "pad-" + i);
        }

        @Override
        protected void beforeRestore() {
            scope.close();
        }

        /** Two values in turn, so that every set is a real write and never a no-op. */
        public Object next() {
            flip = !flip;
            return flip ? a : b;
        }
    }

    @Benchmark
    public Object attrGet_contextVarBaseline(Namespace s) {
        return s.measured.get();
    }

    @Benchmark
    public Object attrGet_contextLocal(Namespace s) {
        return s.local.getAttribute(s.name);
    }

    @Benchmark
    public Object attrGet_contextLocalBuiltName(Namespace s) {
        return s.local.getAttribute(s.builtName);
    }

    /**
     * A plain set, its token dropped: an attribute write has no token either. The var gets its
     * original value back at teardown, when the namespace's scope closes.
     */
    @Benchmark
    public void attrSet_contextVarBaseline(Namespace s) {
        s.measured.set(s.next());
    }

    @Benchmark
    public void attrSet_contextLocal(Namespace s) {
        s.local.setAttribute(s.name, s.next());
    }

    @Benchmark
    public Object isolate_copyContextRunBaseline(Namespace s) throws Exception {
        return Contexts.copyContext().call(Fixtures.NO_OP);
    }

    @Benchmark
    public Object isolate_contextLocalRun(Namespace s) throws Exception {
        return s.local.call(Fixtures.NO_OP);
    }
}
