package io.extracontext.java;

import io.extracontext.Context;
import io.extracontext.Contexts;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Functions bound to the context current when they are created: every call runs in a fresh copy of
 * that snapshot, so calls never see each other's writes and nothing stays on the thread that ran
 * them. What {@code ContextPreservingExecutor} does for a submitted task, done for a stage function.
 */
final class Captured {
    private Captured() {}

    // Context.wrap is the core's "new execution from a snapshot": every call runs in a fresh copy.

    static Runnable runnable(Runnable task) {
        return Contexts.copyContext().wrap(task);
    }

    static <T extends @Nullable Object> Supplier<T> supplier(Supplier<T> task) {
        Callable<T> bound = Contexts.copyContext().wrap(task::get);
        return () -> Sneaky.call(bound);
    }

    static <A extends @Nullable Object> Consumer<A> consumer(Consumer<A> action) {
        Context snapshot = Contexts.copyContext();
        return a -> snapshot.wrap((Runnable) () -> action.accept(a)).run();
    }

    static <A extends @Nullable Object, R extends @Nullable Object> Function<A, R> function(Function<A, R> fn) {
        Context snapshot = Contexts.copyContext();
        return a -> Sneaky.call(snapshot.wrap(() -> fn.apply(a)));
    }

    static <A extends @Nullable Object, B extends @Nullable Object> BiConsumer<A, B> biConsumer(BiConsumer<A, B> action) {
        Context snapshot = Contexts.copyContext();
        return (a, b) -> snapshot.wrap((Runnable) () -> action.accept(a, b)).run();
    }

    static <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> BiFunction<A, B, R> biFunction(
            BiFunction<A, B, R> fn) {
        Context snapshot = Contexts.copyContext();
        return (a, b) -> Sneaky.call(snapshot.wrap(() -> fn.apply(a, b)));
    }
}
