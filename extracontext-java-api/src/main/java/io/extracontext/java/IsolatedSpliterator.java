package io.extracontext.java;

import io.extracontext.ContextLocal;
import java.util.Spliterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The spliterator behind {@link ExtraContext#isolate(ContextLocal, java.util.stream.Stream)}: the
 * source stream's own work (its source, its {@code map}/{@code filter}/... stages) runs inside an
 * {@link IsolatedExecution}; each element is then handed to the downstream stages outside it, in
 * the caller's context. That is an iterator's split: the body between yields in its own context,
 * the consumer between steps in the caller's.
 *
 * <p>A split (parallel streams) gets an execution of its own, copied from this one's context at the
 * split, so two splits running on two threads never share a context, as two pool tasks do not.
 */
final class IsolatedSpliterator<T extends @Nullable Object> implements Spliterator<T>, Consumer<T> {
    /**
     * Declared to {@code StreamSupport} before the source is opened, so it cannot be the source's own
     * characteristics (reading those may run user code, and must wait for the terminal operation).
     * {@code ORDERED} is always true of what we deliver: the order the source yields. Dropping
     * {@code SIZED}, {@code SORTED} and {@code DISTINCT} only costs optimisations, never results.
     */
    static final int CHARACTERISTICS = Spliterator.ORDERED;

    private final ContextLocal ctx;
    private final IsolatedExecution execution;
    private final Spliterator<T> source;
    private @Nullable T current;

    IsolatedSpliterator(ContextLocal ctx, IsolatedExecution execution, Spliterator<T> source) {
        this.ctx = ctx;
        this.execution = execution;
        this.source = source;
    }

    /** The source's element lands here, inside the execution; the caller's action runs outside it. */
    @Override
    public void accept(T element) {
        current = element;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        boolean advanced = execution.call(() -> source.tryAdvance(this));
        if (!advanced) {
            return false;
        }
        T element = current;
        current = null;
        action.accept(element);
        return true;
    }

    @Override
    public @Nullable Spliterator<T> trySplit() {
        return execution.call(() -> {
            Spliterator<T> prefix = source.trySplit();
            // Created inside this execution's step: the new execution copies this one's context as it is now.
            return prefix == null ? null : new IsolatedSpliterator<>(ctx, new IsolatedExecution(ctx), prefix);
        });
    }

    @Override
    public long estimateSize() {
        return execution.call(source::estimateSize);
    }

    @Override
    public int characteristics() {
        return CHARACTERISTICS;
    }
}
