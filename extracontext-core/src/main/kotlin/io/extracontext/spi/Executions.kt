package io.extracontext.spi

import io.extracontext.ContextCell
import io.extracontext.Execution
import io.extracontext.ExtraContextSpi
import io.extracontext.Scope
import io.extracontext.SwitchObserver

/**
 * Enters an execution on the current thread until a [Scope] is closed: the one way for an
 * integration to make a context current here. A Micrometer accessor enters a snapshot's cell per
 * signal, the test kit a fresh cell per test; a coroutine element, whose restores kotlinx.coroutines
 * orders itself, uses [switchTo] and [switchBack]. Nothing else installs a cell on a thread.
 *
 * The scope follows [Scope]'s rules, checked against every scope entered here on this thread:
 * closing it puts back exactly the cell that was current when it was entered; [Scope.close] twice
 * does nothing; closing it while scopes entered after it are still open closes those with it (their
 * own close then does nothing) and reports the misuse; closing it on another thread changes nothing
 * and reports the misuse. [OnMisuse] says how a misuse is reported.
 *
 * ```kotlin
 * val scope = Executions.enter(ContextCell.startingFrom(snapshot))
 * try { step() } finally { scope.close() }
 * ```
 */
@ExtraContextSpi
public object Executions {
    /**
     * Makes [cell] (`null`: the empty root) the current execution on this thread until the returned
     * scope is closed; a misuse of that scope is reported as [onMisuse] says.
     *
     * ```kotlin
     * Executions.enter(cell, Executions.OnMisuse.LOG).use { step() }
     * // Java: try (Scope s = Executions.enter(cell)) { step(); }
     * ```
     */
    @JvmStatic
    @JvmOverloads
    public fun enter(cell: ContextCell?, onMisuse: OnMisuse = OnMisuse.THROW): Scope = EnteredScope.enter(cell, onMisuse == OnMisuse.LOG)

    /**
     * Ends every scope entered on this thread (their later close does nothing) and makes the empty
     * root current: for a framework call that means "clear the context here", with nothing to pair.
     *
     * ```kotlin
     * Executions.exitAll()
     * CurrentCell.get()   // null
     * ```
     */
    @JvmStatic
    public fun exitAll(): Unit = EnteredScope.exitAll()

    /**
     * Makes [cell] (`null`: the empty root) the current execution on this thread and returns the one
     * it displaced, for a framework that pairs the calls itself and must allocate nothing per call:
     * kotlinx.coroutines' `ThreadContextElement`, on every resume. No scope rules apply: [switchBack]
     * installs what it is given, whatever was entered since. Anything else uses [enter].
     *
     * ```kotlin
     * override fun updateThreadContext(context: CoroutineContext): Any? = Executions.switchTo(cell)
     * override fun restoreThreadContext(context: CoroutineContext, oldState: Any?) = Executions.switchBack(oldState as ContextCell?)
     * ```
     */
    @JvmStatic
    public fun switchTo(cell: ContextCell?): ContextCell? {
        val previous = Execution.swapCell(cell)
        Execution.switchedIn()
        return previous
    }

    /**
     * Installs [previous], what [switchTo] returned, unconditionally: the last call on a thread wins.
     *
     * ```kotlin
     * val previous = Executions.switchTo(cell)
     * try { step() } finally { Executions.switchBack(previous) }
     * ```
     */
    @JvmStatic
    public fun switchBack(previous: ContextCell?) {
        Execution.installCell(previous)
        Execution.switchedBack()
    }

    /**
     * Registers [observer] to be told of every switch of the current context on every thread (see
     * [SwitchObserver] for when and how), until the returned handle is closed (closing it again does
     * nothing). Several observers are told of a switch in the order they were registered, and of the
     * switch back in the reverse order.
     *
     * ```kotlin
     * val registration = Executions.observeSwitches(mirror)
     * try { serve() } finally { registration.close() }
     * ```
     */
    @JvmStatic
    public fun observeSwitches(observer: SwitchObserver): AutoCloseable = SwitchObservers.add(observer)

    /**
     * How a scope's misuse (closed out of order, or on another thread) is reported. Either way the
     * context is left as [Scope]'s rules say.
     *
     * ```kotlin
     * Executions.enter(cell, Executions.OnMisuse.THROW)   // IllegalStateException from close()
     * ```
     */
    public enum class OnMisuse {
        /** `close()` throws [IllegalStateException]: for scopes user code closes. */
        THROW,

        /**
         * `close()` logs at `FINE` on the `java.util.logging` logger `io.extracontext` and returns: for
         * scopes a framework closes in an order it does not promise (kotlinx.coroutines, Micrometer),
         * or whose contract forbids a throwing close.
         */
        LOG,
    }
}
