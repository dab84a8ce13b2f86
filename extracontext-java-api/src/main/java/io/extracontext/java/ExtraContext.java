package io.extracontext.java;

import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextPreservingThreadFactory;
import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import io.extracontext.Token;
import io.extracontext.spi.Integrations;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * extracontext from Java: static methods over Java's functional interfaces, iterators, streams and
 * futures. No Kotlin type appears in any signature here.
 *
 * <p>Isolation ({@code run}, {@code call}, the {@code wrap} family, {@code isolate}) follows
 * {@link ContextLocal}'s rules: the isolated code sees every value the caller had, and what it sets
 * or deletes is invisible to the caller afterwards, also when it throws. With the default
 * {@code Backend.NATIVE} the whole context is isolated: every {@code ContextLocal} and every
 * {@link ContextVar}.
 *
 * <pre>{@code
 * ContextLocal ctx = new ContextLocal();
 * ctx.setAttribute("user", "alice");
 * ExtraContext.run(ctx, () -> ctx.setAttribute("user", "bob"));   // isolated
 * ctx.getAttribute("user");                                          // "alice"
 * }</pre>
 *
 * <p>The core types read directly from Java too: {@code new ContextVar<>("name")},
 * {@code try (Token<String> t = var.set("x")) { ... }}, {@code try (Scope s = ctx.enter()) { ... }},
 * {@code try (var pool = new ContextPreservingExecutor(4)) { ... }}.
 */
public final class ExtraContext {
    static {
        // A coroutine-misuse report names the application's call, not this facade.
        Integrations.registerLayer(ExtraContext.class);
    }

    private ExtraContext() {}

    // ---------------------------------------------------------------- isolation with a ContextLocal

    /**
     * Runs {@code task} in an isolated copy of the context: Python's {@code @ctx} decorator applied
     * to one call.
     *
     * <pre>{@code
     * ctx.setAttribute("value", 1);
     * ExtraContext.run(ctx, () -> ctx.setAttribute("value", 2));
     * ctx.getAttribute("value");   // 1
     * }</pre>
     */
    public static void run(ContextLocal ctx, Runnable task) {
        Objects.requireNonNull(task, "task");
        ctx.run(task);
    }

    /**
     * Calls {@code task} in an isolated copy of the context and returns its result. Its exceptions,
     * checked ones included, propagate unchanged (the same object, not wrapped).
     *
     * <pre>{@code
     * String user = ExtraContext.call(ctx, () -> {
     *     ctx.setAttribute("user", "bob");
     *     return (String) ctx.getAttribute("user");
     * });
     * }</pre>
     *
     * @throws Exception whatever {@code task} throws
     */
    public static <T extends @Nullable Object> T call(ContextLocal ctx, Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        return ctx.call(task);
    }

    /**
     * Python's {@code @ctx} decorator: a {@link Runnable} whose every run is isolated, starting from
     * the context of the thread that runs it.
     *
     * <pre>{@code
     * Runnable handler = ExtraContext.wrap(ctx, () -> ctx.setAttribute("value", 2));
     * handler.run();   // the caller's "value" is untouched
     * }</pre>
     */
    public static Runnable wrap(ContextLocal ctx, Runnable task) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(task, "task");
        return () -> run(ctx, task);
    }

    /**
     * Python's {@code @ctx} decorator for a {@link Callable}: every call is isolated; exceptions
     * propagate unchanged.
     *
     * <pre>{@code
     * Callable<Integer> isolated = ExtraContext.wrap(ctx, () -> { ctx.setAttribute("n", 2); return 2; });
     * isolated.call();
     * }</pre>
     */
    public static <T extends @Nullable Object> Callable<T> wrap(ContextLocal ctx, Callable<T> task) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(task, "task");
        return () -> call(ctx, task);
    }

    /**
     * Python's {@code @ctx} decorator for a {@link Supplier}: every {@code get()} is isolated.
     *
     * <pre>{@code
     * Supplier<String> user = ExtraContext.wrapSupplier(ctx, () -> {
     *     ctx.setAttribute("user", "temp");
     *     return (String) ctx.getAttribute("user");
     * });
     * }</pre>
     */
    public static <T extends @Nullable Object> Supplier<T> wrapSupplier(ContextLocal ctx, Supplier<T> task) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(task, "task");
        return () -> Sneaky.call(() -> ctx.call(task::get));
    }

    /**
     * Python's {@code @ctx} decorator for a {@link Function}: every {@code apply} is isolated.
     *
     * <pre>{@code
     * Function<Integer, Integer> handle = ExtraContext.wrapFunction(ctx, id -> {
     *     ctx.setAttribute("id", id);
     *     return id * 2;
     * });
     * handle.apply(21);   // 42; the caller's "id" is untouched
     * }</pre>
     */
    public static <A extends @Nullable Object, R extends @Nullable Object> Function<A, R> wrapFunction(
            ContextLocal ctx, Function<A, R> fn) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(fn, "fn");
        return a -> Sneaky.call(() -> ctx.call(() -> fn.apply(a)));
    }

    // ---------------------------------------------------------------- generators: iterators, iterables, streams

    /**
     * {@code iterator}, with every {@code hasNext()}/{@code next()} run in a copy of the context taken
     * now: Python's {@code @ctx} on a generator. A write made in one step is seen by the next; the
     * caller's values are back after every step; two interleaved iterators never see each other's
     * writes. {@code remove()} is not supported.
     *
     * <pre>{@code
     * Iterator<String> steps = ExtraContext.isolate(ctx, generator);
     * steps.next();   // runs in the iterator's own context
     * }</pre>
     */
    public static <T extends @Nullable Object> Iterator<T> isolate(ContextLocal ctx, Iterator<T> iterator) {
        Objects.requireNonNull(iterator, "iterator");
        return ctx.isolate(iterator);
    }

    /**
     * {@code iterable}, with each iterator isolated as by {@link #isolate(ContextLocal, Iterator)}: each
     * takes its copy of the context when {@code iterator()} is called, and {@code iterable.iterator()}
     * itself runs in that copy.
     *
     * <pre>{@code
     * for (String line : ExtraContext.isolate(ctx, lines)) { ... }   // each loop is its own instance
     * }</pre>
     */
    public static <T extends @Nullable Object> Iterable<T> isolate(ContextLocal ctx, Iterable<T> iterable) {
        Objects.requireNonNull(iterable, "iterable");
        // One isolated execution per iterator() call, with the source opened inside its copy.
        return () -> {
            IsolatedExecution execution = new IsolatedExecution(ctx);
            Iterator<T> source = execution.call(iterable::iterator);
            return new Iterator<T>() {
                @Override
                public boolean hasNext() {
                    return execution.call(source::hasNext);
                }

                @Override
                public T next() {
                    return execution.call(source::next);
                }
            };
        };
    }

    /**
     * {@code stream}, isolated as one generator instance, and still lazy: nothing of it runs before
     * a terminal operation. The copy of the context is taken now, when {@code isolate} is called (a
     * stream is one instance; it is consumed at most once), and everything the source stream does
     * runs in that copy: opening its source, its own stages ({@code map}, {@code filter}, ...), and
     * its {@code onClose} handlers, which run when the returned stream is closed. Stages added to the
     * returned stream run in the caller's context, like the body of a loop over an iterator.
     * Parallel: each split of the source runs in a copy of the stream's context taken at the split.
     * The returned stream reports no size, so size-based shortcuts are not taken.
     *
     * <pre>{@code
     * try (Stream<String> rows = ExtraContext.isolate(ctx, openRows())) {
     *     rows.map(String::trim).forEach(System.out::println);
     * }
     * }</pre>
     */
    public static <T extends @Nullable Object> Stream<T> isolate(ContextLocal ctx, Stream<T> stream) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(stream, "stream");
        IsolatedExecution execution = new IsolatedExecution(ctx); // the copy is taken here
        Stream<T> isolated = StreamSupport.stream(
                () -> new IsolatedSpliterator<T>(ctx, execution, execution.call(stream::spliterator)),
                IsolatedSpliterator.CHARACTERISTICS,
                stream.isParallel());
        return isolated.onClose(() -> execution.run(stream::close));
    }

    // ---------------------------------------------------------------- contexts

    /**
     * A snapshot of the current context, in O(1): Python's {@code contextvars.copy_context()}.
     * The same as {@code Contexts.copyContext()}.
     *
     * <pre>{@code
     * Context snapshot = ExtraContext.copyContext();
     * new Thread(() -> ExtraContext.run(snapshot, () -> log(requestId.get()))).start();
     * }</pre>
     */
    public static Context copyContext() {
        return Contexts.copyContext();
    }

    /**
     * Runs {@code task} with {@code context} current: Python's {@code ctx.run(fn)}. What the task
     * sets stays in {@code context}, also when it throws.
     *
     * <pre>{@code
     * Context ctx = ExtraContext.copyContext();
     * ExtraContext.run(ctx, () -> requestId.set("r-1"));
     * ctx.get(requestId);   // "r-1"
     * }</pre>
     *
     * @throws IllegalStateException when {@code context} is already entered, on this or another thread
     */
    public static void run(Context context, Runnable task) {
        Objects.requireNonNull(task, "task");
        context.run(task);
    }

    /**
     * Calls {@code task} with {@code context} current and returns its result; its exceptions,
     * checked ones included, propagate unchanged.
     *
     * <pre>{@code
     * String id = ExtraContext.call(snapshot, requestId::get);
     * }</pre>
     *
     * @throws IllegalStateException when {@code context} is already entered, on this or another thread
     * @throws Exception whatever {@code task} throws
     */
    public static <T extends @Nullable Object> T call(Context context, Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        return context.call(task);
    }

    /**
     * Like {@link CompletableFuture#supplyAsync(Supplier, Executor)}, and the caller's context comes
     * along: the task runs in a copy of the context taken at this call. Every function later given to
     * a stage of the returned future ({@code thenApply}, {@code thenApplyAsync}, {@code handle},
     * {@code thenCompose}, ...) runs in a copy of the context of the thread that registered it, taken
     * at registration, on whatever thread the stage runs; the futures those stages return keep the
     * rule. Writes made by the task or a stage are invisible to everyone else, and nothing of them
     * stays on a pooled thread. Async stages given no executor use {@code executor}.
     *
     * <pre>{@code
     * requestId.set("r-7");
     * ExtraContext.supplyAsync(() -> load(requestId.get()), pool)
     *     .thenApplyAsync(row -> render(row, requestId.get()), otherPool)   // still "r-7"
     *     .join();
     * }</pre>
     */
    public static <T extends @Nullable Object> CompletableFuture<T> supplyAsync(Supplier<T> task, Executor executor) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(executor, "executor");
        return new ContextFuture<T>(executor).completeAsync(task, executor);
    }

    // ---------------------------------------------------------------- threads that other code creates

    /**
     * A thread factory whose threads run in a copy of the context current where {@code newThread}
     * is called: the owner of a {@code StructuredTaskScope} at {@code fork}, the submitter of a
     * thread-per-task executor. The same as {@code new ContextPreservingThreadFactory(delegate)}.
     *
     * <pre>{@code
     * ThreadFactory factory = ExtraContext.threadFactory(Thread.ofVirtual().factory());
     * try (var scope = StructuredTaskScope.open(Joiner.awaitAll(), cfg -> cfg.withThreadFactory(factory))) {
     *     scope.fork(() -> log(requestId.get()));   // the owner's request id
     *     scope.join();
     * }
     * }</pre>
     */
    public static ContextPreservingThreadFactory threadFactory(ThreadFactory delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return new ContextPreservingThreadFactory(delegate);
    }

    /**
     * A new virtual thread for every task, each running in a copy of its submitter's context; the
     * same as {@code ContextPreservingExecutor.newVirtualThreadPerTaskExecutor()}. Loads on JDK 17,
     * runs on JDK 21 and later.
     *
     * <pre>{@code
     * try (var executor = ExtraContext.newVirtualThreadPerTaskExecutor()) {
     *     executor.submit(() -> log(requestId.get()));   // the submitter's request id
     * }
     * }</pre>
     *
     * @throws UnsupportedOperationException on a JDK older than 21; the message names the JDK needed
     */
    public static ContextPreservingExecutor newVirtualThreadPerTaskExecutor() {
        return ContextPreservingExecutor.newVirtualThreadPerTaskExecutor();
    }

    // ---------------------------------------------------------------- ContextVar helpers

    /**
     * Runs {@code task} with {@code variable} set to {@code value}, and restores the previous state in
     * a {@code finally}: the {@code with_request_id(rid)} pattern. The Java form of
     * {@code ContextVar.withValue} for code that returns nothing.
     *
     * <pre>{@code
     * ExtraContext.withValue(requestId, "r-9", () -> log.info("handled"));
     * }</pre>
     */
    public static <T extends @Nullable Object> void withValue(ContextVar<T> variable, T value, Runnable task) {
        Objects.requireNonNull(task, "task");
        try (Token<T> ignored = variable.set(value)) {
            task.run();
        }
    }

    /**
     * Calls {@code task} with {@code variable} set to {@code value}, restores the previous state in a
     * {@code finally}, and returns the task's result; exceptions propagate unchanged. (Named apart
     * from {@code withValue} so that method references such as {@code var::get} are not ambiguous.)
     *
     * <pre>{@code
     * Response r = ExtraContext.callWithValue(requestId, "r-9", () -> handle(request));
     * }</pre>
     *
     * @throws Exception whatever {@code task} throws
     */
    public static <T extends @Nullable Object, R extends @Nullable Object> R callWithValue(
            ContextVar<T> variable, T value, Callable<R> task) throws Exception {
        Objects.requireNonNull(task, "task");
        try (Token<T> ignored = variable.set(value)) {
            return task.call();
        }
    }
}
