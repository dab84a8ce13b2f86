package io.extracontext.java;

/**
 * Rethrows a checked exception through a Kotlin lambda of the core without wrapping it, so that a
 * {@code Callable}'s exception reaches the facade's caller as the very same object.
 */
final class Sneaky {
    private Sneaky() {}

    /** Throws {@code t} unchanged; declared to return so call sites can write {@code throw Sneaky.rethrow(e)}. */
    static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>unchecked(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E unchecked(Throwable t) throws E {
        throw (E) t;
    }
}
