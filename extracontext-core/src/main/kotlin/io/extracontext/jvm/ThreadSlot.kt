package io.extracontext.jvm

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.StrictMode
import io.extracontext.pmap.PersistentMap
import io.extracontext.spi.ContextCell

/**
 * The JVM binding of "the current execution": one thread-local slot for the whole context, not
 * one per variable (thread locals are costly, more so on virtual threads).
 *
 * `null` in the slot is the empty root context. Restoring the root writes `null` rather than a
 * shared root object, so a pooled thread of a container never pins this library's class loader.
 */
internal object ThreadSlot {
    private val slot = ThreadLocal<ContextCell?>()

    /** The cell installed on this thread, or `null` for the empty root. */
    fun cell(): ContextCell? = slot.get()

    /** The current execution's variables; the empty map at the root. */
    fun currentVars(): PersistentMap<ContextVar<*>, Any?> = slot.get()?.vars ?: PersistentMap.empty()

    /**
     * The cell installed on this thread, created (empty) on first use, for a write of [variable]
     * ([attribute]: the attribute of a namespace, [WriteChecks.ENTER], or `null` for the variable
     * itself; both only name the write in a report).
     *
     * Creating the cell is exactly "a first write into this thread's own root context": the one
     * place the always-on coroutine check runs, so no later write pays for it. Strict mode checks
     * every write into a cell no coroutine element or isolated iterator carries.
     */
    fun cellForWrite(variable: ContextVar<*>, attribute: String?): ContextCell {
        val cell = slot.get() ?: return firstCell(variable, attribute)
        if (StrictMode.enabled && !cell.carried) WriteChecks.strict(variable, attribute)
        return cell
    }

    private fun firstCell(variable: ContextVar<*>, attribute: String?): ContextCell {
        val cell = ContextCell(Context())
        slot.set(cell)
        // Installed before the check, so a log handler that itself writes a variable lands in it.
        WriteChecks.firstCell(variable, attribute)
        return cell
    }

    /** Installs [cell] (or the root, for `null`) and returns what was installed before. */
    fun swap(cell: ContextCell?): ContextCell? {
        val old = slot.get()
        slot.set(cell)
        return old
    }

    fun install(cell: ContextCell?) = slot.set(cell)
}
