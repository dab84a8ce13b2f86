package io.extracontext.java;

import io.extracontext.spi.TaskSnapshot;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Functions bound to the context current when they are created: every call runs in a fresh copy of
 * that snapshot, so calls never see each other's writes and nothing stays on the thread that ran
 * them. What {@code ContextPreservingExecutor} does for a submitted task, done for a stage function,
 * through the same path ({@link TaskSnapshot}).
 */
final class Captured {
    private Captured() {}

    static Runnable runnable(Runnable task) {
        TaskSnapshot snapshot = TaskSnapshot.capture();
        return () -> snapshot.run(task);
    }

    static <T extends @Nullable Object> Supplier<T> supplier(Supplier<T> task) {
        TaskSnapshot snapshot = TaskSnapshot.capture();
        return () -> Sneaky.call(snapshot, task::get);
    }

    static <A extends @Nullable Object> Consumer<A> consumer(Consumer<A> action) {
        TaskSnapshot snapshot = TaskSnapshot.capture();
        return a -> snapshot.run(() -> action.accept(a));
    }

    static <A extends @Nullable Object, R extends @Nullable Object> Function<A, R> function(Function<A, R> fn) {
        TaskSnapshot snapshot = TaskSnapshot.capture();
        return a -> Sneaky.call(snapshot, () -> fn.apply(a));
    }

    static <A extends @Nullable Object, B extends @Nullable Object> BiConsumer<A, B> biConsumer(BiConsumer<A, B> action) {
        TaskSnapshot snapshot = TaskSnapshot.capture();
        return (a, b) -> snapshot.run(() -> action.accept(a, b));
    }

    static <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> BiFunction<A, B, R> biFunction(
            BiFunction<A, B, R> fn) {
        TaskSnapshot snapshot = TaskSnapshot.capture();
        return (a, b) -> Sneaky.call(snapshot, () -> fn.apply(a, b));
    }
}
