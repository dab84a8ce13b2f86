package io.extracontext.java;

import io.extracontext.spi.TaskSnapshot;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Rethrows a checked exception without wrapping it, so that a {@code Callable}'s exception reaches
 * the facade's caller (a {@code Supplier}, a {@code Function}) as the very same object.
 */
final class Sneaky {
    private Sneaky() {}

    /** Calls {@code task}; whatever it throws passes unchanged, checked exceptions included. */
    static <T extends @Nullable Object> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    /** Calls {@code task} as a run of {@code snapshot}; whatever it throws passes unchanged. */
    static <T extends @Nullable Object> T call(TaskSnapshot snapshot, Callable<T> task) {
        try {
            return snapshot.call(task);
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    /** Throws {@code t} unchanged; declared to return so call sites can write {@code throw Sneaky.rethrow(e)}. */
    static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>unchecked(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable t) throws E {
        throw (E) t;
    }
}
