package io.extracontext.spi

import io.extracontext.ContextVar
import io.extracontext.Execution
import io.extracontext.ExtraContextSpi
import io.extracontext.pmap.PersistentMap
import java.util.concurrent.Callable

/**
 * The caller's variables, captured to be run later, on this thread or another: every [run] or
 * [call] is a new execution starting from them, exactly as a `ContextPreservingExecutor` task
 * runs. Runs never see each other's writes, nothing stays on the thread that ran them, and the
 * test kit's worker check sees the thread's own context when a run starts on a dirty thread.
 *
 * ```java
 * TaskSnapshot snapshot = TaskSnapshot.capture();
 * pool.execute(() -> snapshot.run(() -> log.info("in the caller's context")));
 * ```
 */
@ExtraContextSpi
public class TaskSnapshot private constructor(private val vars: PersistentMap<ContextVar<*>, Any?>) {
    /**
     * Runs [task] as a new execution starting from the captured variables.
     *
     * ```kotlin
     * TaskSnapshot.capture().run(Runnable { check(requestId.get() == "r-1") })
     * ```
     */
    public fun run(task: Runnable): Unit = Execution.runAsTask(vars) { task.run() }

    /**
     * Calls [task] as a new execution starting from the captured variables and returns its result;
     * what it throws (checked exceptions included) propagates unchanged.
     *
     * ```kotlin
     * val id = TaskSnapshot.capture().call(Callable { requestId.get() })
     * ```
     */
    public fun <V> call(task: Callable<V>): V = Execution.runAsTask(vars) { task.call() }

    public companion object {
        /**
         * The current execution's variables, to be run later.
         *
         * ```kotlin
         * val snapshot = TaskSnapshot.capture()
         * ```
         */
        @JvmStatic
        public fun capture(): TaskSnapshot = TaskSnapshot(Execution.currentVars())
    }
}
