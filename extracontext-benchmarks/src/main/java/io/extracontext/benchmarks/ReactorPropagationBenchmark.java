package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.micrometer.ExtraContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Schedulers;

/**
 * What Reactor's automatic context propagation ({@code Hooks.enableAutomaticContextPropagation()})
 * costs on {@code Flux.range(0, 10_000).publishOn(parallel()).map(...)}, by what the global
 * {@code ContextRegistry} holds:
 * <ul>
 *   <li>{@code none}: the hook off (the baseline the overheads are measured from);</li>
 *   <li>{@code threadLocal1}: one plain {@code ThreadLocal} accessor, one value set;</li>
 *   <li>{@code extracontext1}, {@code extracontext16}: our {@link ExtraContextAccessor}, 1 or 16 {@code ContextVar}s set;</li>
 *   <li>{@code micrometer16}: 16 plain {@code ThreadLocal} accessors, 16 values set.</li>
 * </ul>
 * {@code blockLast()} captures the caller's values by itself (reactor-core#3420). Setup checks that
 * the value really reaches the {@code map} on the parallel scheduler. Run with
 * {@code java -jar target/benchmarks.jar 'ReactorPropagationBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ReactorPropagationBenchmark {

    @Param({"none", "threadLocal1", "extracontext1", "extracontext16", "micrometer16"})
    public String propagation;

    private final ArrayDeque<Token<Object>> tokens = new ArrayDeque<>();
    private final List<ThreadLocal<Object>> locals = new ArrayList<>();
    private Supplier<Object> probe;

    @Setup(Level.Trial)
    public void setUp() {
        ContextRegistry registry = ContextRegistry.getInstance();
        clear(registry);
        switch (propagation) {
            case "none" -> probe = () -> "none";
            case "threadLocal1" -> probe = threadLocals(registry, 1);
            case "micrometer16" -> probe = threadLocals(registry, 16);
            case "extracontext1" -> probe = contextVars(registry, 1);
            case "extracontext16" -> probe = contextVars(registry, 16);
            default -> throw new IllegalArgumentException("unknown propagation " + propagation);
        }
        if (!propagation.equals("none")) Hooks.enableAutomaticContextPropagation();
        Object expected = probe.get();
        Object seen = Flux.range(0, 1).publishOn(Schedulers.parallel()).map(i -> probe.get()).blockLast();
        if (!expected.equals(seen)) throw new IllegalStateException(propagation + ": the map saw " + seen + ", not " + expected);
    }

    private Supplier<Object> threadLocals(ContextRegistry registry, int n) {
        ThreadLocal<Object>[] all = Fixtures.threadLocals(n);
        for (int i = 0; i < n; i++) {
            all[i].set("value-" + i);
            registry.registerThreadLocalAccessor("tl-" + i, all[i]);
            locals.add(all[i]);
        }
        ThreadLocal<Object> first = all[0];
        return () -> String.valueOf(first.get());
    }

    private Supplier<Object> contextVars(ContextRegistry registry, int n) {
        ContextVar<Object>[] vars = Fixtures.vars(n);
        for (int i = 0; i < n; i++) tokens.push(vars[i].set("value-" + i));
        registry.registerThreadLocalAccessor(new ExtraContextAccessor());
        ContextVar<Object> first = vars[0];
        return () -> String.valueOf(first.get(null));
    }

    private static void clear(ContextRegistry registry) {
        for (ThreadLocalAccessor<?> accessor : List.copyOf(registry.getThreadLocalAccessors())) {
            registry.removeThreadLocalAccessor(String.valueOf(accessor.key()));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Hooks.disableAutomaticContextPropagation();
        Schedulers.resetOnScheduleHooks();
        while (!tokens.isEmpty()) {
            Token<Object> token = tokens.pop();
            token.getVariable().reset(token);
        }
        locals.forEach(ThreadLocal::remove);
        locals.clear();
        clear(ContextRegistry.getInstance());
    }

    @Benchmark
    public Integer pipeline() {
        return Flux.range(0, 10_000).publishOn(Schedulers.parallel()).map(i -> i + 1).blockLast();
    }
}
