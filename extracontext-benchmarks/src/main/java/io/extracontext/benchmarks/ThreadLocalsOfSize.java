package io.extracontext.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The ThreadLocal shape of "context size N": N distinct thread locals set on the measuring thread
 * (so its ThreadLocalMap holds N entries), {@link #measured} being the first of them.
 */
@State(Scope.Thread)
public class ThreadLocalsOfSize {
    @Param({"1", "4", "16", "64", "256", "1024"})
    public int size;

    public ThreadLocal<Object>[] locals;
    public ThreadLocal<Object> measured;
    public final Object other = new Object();

    @Setup(Level.Trial)
    public void fill() {
        locals = Fixtures.threadLocals(size);
        for (int i = 0; i < size; i++) locals[i].set("value-" + i);
        measured = locals[0];
    }

    @TearDown(Level.Trial)
    public void restore() {
        for (ThreadLocal<Object> local : locals) local.remove();
    }
}
