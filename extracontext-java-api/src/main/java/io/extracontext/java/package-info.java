/**
 * The Java facade of extracontext: {@link io.extracontext.java.ExtraContext}, static methods over
 * Java's own functional interfaces ({@link java.lang.Runnable}, {@link java.util.concurrent.Callable},
 * {@link java.util.function.Supplier}, {@link java.util.function.Function}), iterators, streams and
 * {@link java.util.concurrent.CompletableFuture}s. No Kotlin type appears in any of its signatures.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.extracontext.java;

import org.jspecify.annotations.NullMarked;
