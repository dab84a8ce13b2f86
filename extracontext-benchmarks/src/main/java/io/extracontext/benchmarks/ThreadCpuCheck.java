package io.extracontext.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A cross-check of the read rows that a loaded machine cannot distort as much as JMH's
 * wall-clock scores. It runs one subject per JVM in JMH's loop shape (a volatile read and a compiler
 * blackhole per op, the states of the JMH benchmarks filled the same way) and reports nanoseconds of
 * the measuring thread's own CPU time per op: time the thread spends preempted by other processes
 * does not count. Minimum and median over the rounds. Not a replacement for JMH: run {@code run.sh}
 * on a quiet machine for published figures. Hardware counters ({@code perf stat}, {@code -prof
 * perfnorm}) were not available on the development VM, hence this.
 *
 * <pre>
 * java -XX:+UnlockExperimentalVMOptions '-XX:CompileCommand=blackhole,io.extracontext.benchmarks.ThreadCpuCheck$BH::consume' \
 *      -cp extracontext-benchmarks/target/benchmarks.jar io.extracontext.benchmarks.ThreadCpuCheck contextVarSettled 16 11
 * </pre>
 * or {@code extracontext-benchmarks/cpu-check.sh} for the whole matrix. Subjects: see {@link #setup}.
 */
public final class ThreadCpuCheck {
    private ThreadCpuCheck() {}

    static volatile boolean stop;
    static final class BH { static void consume(Object o) {} }  // a compiler blackhole (see the class comment)
    static final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    interface Loop { void run(int n); }

    public static void main(String[] a) throws Exception {
        String subject = a[0]; int size = Integer.parseInt(a[1]); int rounds = Integer.parseInt(a[2]);
        Loop loop = setup(subject, size);
        int n = subject.startsWith("launch") ? 100_000 : 2_000_000;
        for (int w = 0; w < 8; w++) loop.run(n);
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            loop.run(n);
            r[i] = (mx.getCurrentThreadCpuTime() - t0) / (double) n;
        }
        java.util.Arrays.sort(r);
        System.out.printf("%-28s %5d  min %6.2f  med %6.2f ns/op (thread CPU)%n", subject, size, r[0], r[rounds / 2]);
    }

    static Loop setup(String subject, int size) {
        switch (subject) {
            case "threadLocal": { ThreadLocalsOfSize s = new ThreadLocalsOfSize(); s.size = size; s.fill();
                ThreadLocal<Object> t = s.measured; return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(t.get()); }; }
            case "contextVarSettled": case "contextVarFresh": { ReadBenchmark.Layouts s = new ReadBenchmark.Layouts(); s.size = size;
                s.layout = subject.endsWith("Settled") ? "settled" : "fresh"; s.fill();
                var v = s.measured; return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(v.get()); }; }
            case "contextVarAlternating": { ReadBenchmark.Layouts s = new ReadBenchmark.Layouts(); s.size = size; s.layout = "settled"; s.fill();
                var v = s.measured; var w = s.second; return n -> { for (int i = 0; i < n / 2 && !stop; i++) { BH.consume(v.get()); BH.consume(w.get()); } }; }
            case "noContext": { var v = new io.extracontext.ContextVar<Object>("nc", "d");
                return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(v.get()); }; }
            case "openTelemetry": case "openTelemetryLast": { Peers.OpenTelemetry s = new Peers.OpenTelemetry(); s.size = size; s.fill();
                var k = subject.endsWith("Last") ? s.measuredLast : s.measured;
                return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(io.opentelemetry.context.Context.current().get(k)); }; }
            case "grpc": { Peers.Grpc s = new Peers.Grpc(); s.size = size; s.fill(); var k = s.measured;
                return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(k.get()); }; }
            case "attrGet": case "attrGetBuilt": { NamespaceBenchmark.Namespace s = new NamespaceBenchmark.Namespace(); s.size = size; s.fill();
                var l = s.local; String name = subject.endsWith("Built") ? s.builtName : s.name;
                return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(l.getAttribute(name)); }; }
            case "attrBaseline": { NamespaceBenchmark.Namespace s = new NamespaceBenchmark.Namespace(); s.size = size; s.fill();
                var v = s.measured; return n -> { for (int i = 0; i < n && !stop; i++) BH.consume(v.get()); }; }
            case "launchNone": case "launchOurs": case "launchThreadLocal": case "launchCopyableNoOp": {
                CoroutineOps.Subject sub = switch (subject) {
                    case "launchNone" -> CoroutineOps.Subject.NONE; case "launchOurs" -> CoroutineOps.Subject.OURS;
                    case "launchThreadLocal" -> CoroutineOps.Subject.THREAD_LOCAL; default -> CoroutineOps.Subject.COPYABLE_NO_OP; };
                return n -> { for (int i = 0; i < n / 1000 && !stop; i++) BH.consume(CoroutineOps.launchJoins(sub, 1000)); };
            }
            case "setReset": { ContextOfSize s = new ContextOfSize(); s.size = size; s.fill(); var wb = new WriteBenchmark();
                return n -> { for (int i = 0; i < n && !stop; i++) wb.setReset_contextVar(s); }; }
            case "setResetOpenTelemetry": { Peers.OpenTelemetry s = new Peers.OpenTelemetry(); s.size = size; s.fill(); var wb = new PeerScopedWriteBenchmark();
                return n -> { for (int i = 0; i < n && !stop; i++) wb.setReset_openTelemetry(s); }; }
            case "rotate3": { ReadBenchmark.Layouts s = new ReadBenchmark.Layouts(); s.size = size; s.layout = "settled"; s.fill();
                var extra = new io.extracontext.ContextVar<Object>("third"); extra.set("x");
                var v = s.measured; var w = s.second; return n -> { for (int i = 0; i < n / 3 && !stop; i++) { BH.consume(v.get()); BH.consume(w.get()); BH.consume(extra.get()); } }; }
            default: throw new IllegalArgumentException(subject);
        }
    }
}
