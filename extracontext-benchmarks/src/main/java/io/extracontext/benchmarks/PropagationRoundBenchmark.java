package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import io.extracontext.micrometer.ExtraContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One round of what Reactor's automatic propagation does per signal on a thread hop,
 * {@code setThreadLocalsFrom(reactorContext)} then closing the scope, by the accessors a private
 * registry holds: {@code threadLocal1} (one plain {@code ThreadLocal} accessor), {@code extracontext}
 * (our accessor, the Reactor context holding a context of 16 variables), {@code micrometer16}
 * (16 {@code ThreadLocal} accessors). The per-signal share of {@code ReactorPropagationBenchmark},
 * without the pipeline around it: {@code java -jar target/benchmarks.jar 'PropagationRoundBenchmark' -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class PropagationRoundBenchmark {

    @Param({"threadLocal1", "extracontext", "micrometer16"})
    public String accessors;

    private ContextSnapshotFactory factory;
    private reactor.util.context.Context reactorContext;

    @Setup(Level.Trial)
    public void setUp() {
        ContextRegistry registry = new ContextRegistry();
        registry.registerContextAccessor(new reactor.util.context.ReactorContextAccessor());
        reactorContext = reactor.util.context.Context.empty();
        switch (accessors) {
            case "threadLocal1", "micrometer16" -> {
                int n = accessors.equals("threadLocal1") ? 1 : 16;
                ThreadLocal<Object>[] locals = Fixtures.threadLocals(n);
                for (int i = 0; i < n; i++) {
                    registry.registerThreadLocalAccessor("tl-" + i, locals[i]);
                    reactorContext = reactorContext.put("tl-" + i, "value-" + i);
                }
            }
            case "extracontext" -> {
                registry.registerThreadLocalAccessor(new ExtraContextAccessor());
                ContextVar<Object>[] vars = Fixtures.vars(16);
                java.util.ArrayDeque<io.extracontext.Token<Object>> tokens = new java.util.ArrayDeque<>();
                for (int i = 0; i < vars.length; i++) tokens.push(vars[i].set("value-" + i));
                io.extracontext.Context context = Contexts.copyContext();
                while (!tokens.isEmpty()) {
                    io.extracontext.Token<Object> token = tokens.pop();
                    token.getVariable().reset(token);
                }
                reactorContext = reactorContext.put(ExtraContextAccessor.KEY, context);
            }
            default -> throw new IllegalArgumentException("unknown accessors " + accessors);
        }
        factory = ContextSnapshotFactory.builder().contextRegistry(registry).build();
    }

    @Benchmark
    public void setAndRestore() {
        try (ContextSnapshot.Scope scope = factory.setThreadLocalsFrom(reactorContext)) {
            // what an operator's signal runs inside
        }
    }
}
