package io.extracontext.benchmarks;

import io.extracontext.ContextVar;
import io.extracontext.Token;
import java.util.ArrayDeque;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * "Context size N": N distinct {@link ContextVar}s set in the benchmark thread's current context;
 * {@link #measured} is the first of them, so at sizes 16 and 1024 it sits in the trie, not in the
 * overlay of recent writes.
 *
 * <p>Thread-scoped, so JMH runs setup and teardown on the measuring thread itself: the context is
 * per thread and must be filled where it is read. Every {@code set} made here is reset at teardown.
 */
@State(Scope.Thread)
public class ContextOfSize {
    /**
     * The core keeps up to 4 recent writes as an overlay over its hash trie and merges them on the
     * 5th write (PersistentMap.MAX_OVERLAY = 4), so after W writes the overlay holds W mod 5 nodes.
     */
    static final int WRITES_PER_MERGE = 5;

    @Param({"1", "4", "16", "64", "256", "1024"})
    public int size;

    public ContextVar<Object> measured;
    /** The var set last (the same as {@link #measured} at size 1): a second var to alternate reads with. */
    public ContextVar<Object> second;
    /** The value {@link #measured} has after setup. */
    public Object value;
    /** A value {@link #measured} does not hold, so that setting it is a real write, not a no-op. */
    public final Object other = new Object();

    private final ArrayDeque<Token<Object>> tokens = new ArrayDeque<>();

    @Setup(Level.Trial)
    public final void fill() {
        ContextVar<Object>[] vars = Fixtures.vars(size);
        for (int i = 0; i < size; i++) tokens.push(vars[i].set("value-" + i));
        measured = vars[0];
        second = vars[size - 1];
        if (settled()) {
            // Rewrite the last var until the write count is a multiple of 5: the overlay is merged
            // away and every var is in the trie, the steady state of a long-lived context.
            int pad = Fixtures.padToMerge(size);
            for (int i = 0; i < pad; i++) tokens.push(vars[size - 1].set("pad-" + i));
        }
        value = measured.get(); // also proves the context is the measuring thread's: get() throws otherwise
        afterFill();
    }

    @TearDown(Level.Trial)
    public final void restore() {
        beforeRestore();
        while (!tokens.isEmpty()) {
            Token<Object> token = tokens.pop();
            token.getVariable().reset(token);
        }
    }

    /** Whether the overlay of recent writes is merged away after filling; see {@code ReadBenchmark}. */
    protected boolean settled() {
        return true;
    }

    /** For subclasses that build on the filled context. */
    protected void afterFill() {}

    /** For subclasses: undo {@link #afterFill()} before the vars are reset. */
    protected void beforeRestore() {}
}
