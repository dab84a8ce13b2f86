package io.extracontext

/**
 * Told when a thread starts running in another execution or context and when it comes back: for an
 * integration that must keep a store outside this library in step with the current context (the
 * OpenTelemetry Java agent's own thread-local context, which its instrumentations read).
 *
 * Contract for implementers:
 * - [switchedIn] is called on the switching thread right after another execution or context became
 *   current there: a `Context.run`, a task's or iterator step's execution, an entered scope
 *   (`Executions.enter`, a namespace's isolation scope), a coroutine's resume (`Executions.switchTo`).
 *   The new context is current when it runs, so the observer reads it as any code there would.
 * - [switchedBack] is called on the same thread once for each [switchedIn], right after the context
 *   from before it is current again: after the block or step, when the scope is closed (a scope
 *   closed out of order ends the ones entered inside it: one call for each, all after the restore),
 *   at the coroutine's suspension (`Executions.switchBack`). The calls nest on a thread as the
 *   switches do. `Executions.exitAll` calls it once for every scope it ends. An observer registered
 *   while switches are under way on a thread hears their ends without their starts: a
 *   [switchedBack] with no open [switchedIn] of its own must do nothing.
 * - Both run inside the library's own switch, often in a `finally`: they must return normally, must
 *   not switch contexts themselves, and should cost little; a write of a `ContextVar` there lands in
 *   the context just made current.
 *
 * A write or a `reset` is not a switch: an observer that must follow a variable's writes wraps the
 * code that writes it.
 *
 * ```kotlin
 * val registration = Executions.observeSwitches(object : SwitchObserver {
 *     override fun switchedIn() = mirror.push(currentValue())
 *     override fun switchedBack() = mirror.pop()
 * })
 * // ... registration.close() to stop
 * ```
 */
@ExtraContextSpi
public interface SwitchObserver {
    /** Another execution or context has just become current on this thread. */
    public fun switchedIn()

    /** The context from before the matching [switchedIn] is current again on this thread. */
    public fun switchedBack()
}
