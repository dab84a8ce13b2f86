package io.extracontext.java;

import io.extracontext.Context;
import io.extracontext.Contexts;
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

    static Runnable runnable(Runnable task) {
        Context snapshot = Contexts.copyContext();
        return () -> snapshot.copy().run(() -> {
            task.run();
            return null;
        });
    }

    static <T extends @Nullable Object> Supplier<T> supplier(Supplier<T> task) {
        Context snapshot = Contexts.copyContext();
        return () -> snapshot.copy().run(task::get);
    }

    static <A extends @Nullable Object> Consumer<A> consumer(Consumer<A> action) {
        Context snapshot = Contexts.copyContext();
        return a -> snapshot.copy().run(() -> {
            action.accept(a);
            return null;
        });
    }

    static <A extends @Nullable Object, R extends @Nullable Object> Function<A, R> function(Function<A, R> fn) {
        Context snapshot = Contexts.copyContext();
        return a -> snapshot.copy().run(() -> fn.apply(a));
    }

    static <A extends @Nullable Object, B extends @Nullable Object> BiConsumer<A, B> biConsumer(BiConsumer<A, B> action) {
        Context snapshot = Contexts.copyContext();
        return (a, b) -> snapshot.copy().run(() -> {
            action.accept(a, b);
            return null;
        });
    }

    static <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> BiFunction<A, B, R> biFunction(
            BiFunction<A, B, R> fn) {
        Context snapshot = Contexts.copyContext();
        return (a, b) -> snapshot.copy().run(() -> fn.apply(a, b));
    }
}
