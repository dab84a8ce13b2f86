package io.extracontext.benchmarks;

import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.util.StringMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Log4j2's {@code ThreadContext} with extracontext's {@code ContextThreadContextMap}
 * beside Log4j2's own maps, in the same run. Log4j2 picks its map once per JVM, so each map is a
 * nested class whose forks set {@code log4j2.threadContextMap}; the measured code is the same.
 * Three entries are in the map, as a request's would be.
 *
 * <ul>
 *   <li>{@code putRemove}: {@code ThreadContext.put} of a fourth key, then {@code remove};</li>
 *   <li>{@code get}: {@code ThreadContext.get} of a present key;</li>
 *   <li>{@code eventContextData}: what log4j-core does per event to give it the context data
 *       ({@code ContextDataInjector.injectContextData}, with no logger properties).</li>
 * </ul>
 *
 * <p>{@code java -jar target/benchmarks.jar Log4j2ThreadContextBenchmark -prof gc}
 */
public class Log4j2ThreadContextBenchmark {

    /** The measured operations; the nested classes below choose the map (JMH reads these annotations from here). */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    public abstract static class Operations {
        private ContextDataInjector injector;
        private final StringMap reusable = ContextDataFactory.createContextData();

        /** The class name Log4j2 must have picked for this fork (checked, so a wrong fork cannot pass). */
        protected abstract String expectedMap();

        @Setup
        public void setUp() {
            ThreadContext.put("requestId", "r-1");
            ThreadContext.put("tenant", "acme");
            ThreadContext.put("user", "alice");
            injector = ContextDataInjectorFactory.createInjector();
            String actual = ThreadContext.getThreadContextMap() == null
                    ? "org.apache.logging.log4j.spi.DefaultThreadContextMap"
                    : ThreadContext.getThreadContextMap().getClass().getName();
            if (!actual.equals(expectedMap()) || !"r-1".equals(ThreadContext.get("requestId"))) {
                throw new IllegalStateException("this fork uses " + actual + ", not " + expectedMap());
            }
        }

        @TearDown
        public void tearDown() {
            ThreadContext.clearMap();
        }

        @Benchmark
        public void putRemove() {
            ThreadContext.put("op", "load");
            ThreadContext.remove("op");
        }

        @Benchmark
        public String get() {
            return ThreadContext.get("requestId");
        }

        @Benchmark
        public StringMap eventContextData() {
            return injector.injectContextData(null, reusable);
        }
    }

    /** extracontext's map: the entries live in the current context. */
    @Fork(value = 2, jvmArgsAppend = "-Dlog4j2.threadContextMap=io.extracontext.log4j2.ContextThreadContextMap")
    public static class Ours extends Operations {
        @Override
        protected String expectedMap() {
            return "io.extracontext.log4j2.ContextThreadContextMap";
        }
    }

    /** Log4j2's default ({@code WebApp}) thread-local copy-on-write map. */
    @Fork(value = 2, jvmArgsAppend = "-Dlog4j2.threadContextMap=WebApp")
    public static class Log4jDefault extends Operations {
        @Override
        protected String expectedMap() {
            return "org.apache.logging.log4j.spi.DefaultThreadContextMap";
        }
    }

    /** Log4j2's garbage-free thread-local map, which copies into a reusable map per event. */
    @Fork(value = 2, jvmArgsAppend = "-Dlog4j2.threadContextMap=GarbageFree")
    public static class Log4jGarbageFree extends Operations {
        @Override
        protected String expectedMap() {
            return "org.apache.logging.log4j.core.context.internal.GarbageFreeSortedArrayThreadContextMap";
        }
    }
}
