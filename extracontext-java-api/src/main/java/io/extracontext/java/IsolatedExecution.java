package io.extracontext.java;

import io.extracontext.ContextLocal;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One isolated execution of a {@link ContextLocal}, driven step by step: the facade's building block
 * for streams. It rides on {@link ContextLocal#isolate(Iterator)}, so it has that method's exact
 * semantics for every backend: a copy of the context is taken when the execution is created, every
 * step runs in it (a write in one step is seen by the next), and the caller's own context is back
 * after each step, also when the step throws.
 *
 * <p>Not thread-safe: one thread drives it at a time (a spliterator's contract).
 */
final class IsolatedExecution {
    private final Iterator<@Nullable Object> steps;
    private @Nullable Callable<?> pending;

    IsolatedExecution(ContextLocal ctx) {
        // The iterator never ends: each next() runs the step handed over in `pending`.
        this.steps = ctx.isolate(new Iterator<@Nullable Object>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public @Nullable Object next() {
                Callable<?> step = pending;
                pending = null;
                if (step == null) {
                    throw new IllegalStateException("IsolatedExecution stepped without a step to run");
                }
                try {
                    return step.call();
                } catch (Exception e) {
                    throw Sneaky.rethrow(e);
                }
            }
        });
    }

    /** Runs {@code step} in this execution's context and returns its result; exceptions pass unchanged. */
    @SuppressWarnings("unchecked")
    <R extends @Nullable Object> R call(Callable<R> step) {
        pending = step;
        return (R) steps.next();
    }

    void run(Runnable step) {
        call(() -> {
            step.run();
            return null;
        });
    }
}
