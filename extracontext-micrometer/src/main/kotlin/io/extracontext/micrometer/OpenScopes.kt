package io.extracontext.micrometer

import io.extracontext.Context
import io.extracontext.ContextCell
import io.extracontext.Scope
import io.extracontext.spi.CurrentCell
import io.extracontext.spi.Executions

/**
 * One scope opened by [ExtraContextAccessor.setValue]: [previous] is what `getValue()` handed out
 * just before (Micrometer gives exactly that object back to `restore`), [entered] the core's scope
 * that puts back the cell installed then, [below] the scope that was open when this one was opened.
 * Reachable only from its thread's stack, so a scope closed in order is reused for the thread's
 * next one.
 */
private class OpenScope {
    @JvmField var previous: Context? = null

    @JvmField var entered: Scope? = null

    @JvmField var below: OpenScope? = null
}

/** A thread's open scopes (a linked stack, innermost on top) and the last value read on it. */
private class ThreadScopes {
    @JvmField var top: OpenScope? = null

    // The last scope closed in order, ready for the next setValue: Reactor opens and closes one
    // per signal, so in the steady state a scope costs no allocation of ours beyond the copy.
    @JvmField var spare: OpenScope? = null

    // getValue() and setValue() come as a pair on one thread (DefaultContextSnapshot,
    // Reactor's ContextPropagation): the value read is what restore() will be given back.
    @JvmField var lastRead: Context? = null

    @JvmField var lastReadCell: ContextCell? = null
}

/**
 * The bookkeeping behind [ExtraContextAccessor]: Micrometer hands `restore` only the previous
 * *value* (a snapshot), while putting back exactly the previous *execution* (the same cell, so
 * tokens and scopes made before still work) is what the core's entered scope does. Each `setValue`
 * enters the new cell and pushes the scope, tagged with the snapshot read just before it; `restore`
 * finds that tag and closes the scope, which closes the scopes entered after it (the core's rules).
 *
 * Cost: one thread-local read per call besides the core's scope; the search is O(1) for scopes
 * closed in order (the only order Reactor and Micrometer use).
 */
internal object OpenScopes {
    private val scopes: ThreadLocal<ThreadScopes> = ThreadLocal.withInitial(::ThreadScopes)

    @JvmSynthetic
    fun read(): Context {
        val cell = CurrentCell.get()
        val snapshot = cell?.snapshot() ?: Context()
        val mine = scopes.get()
        mine.lastRead = snapshot
        mine.lastReadCell = cell
        return snapshot
    }

    @JvmSynthetic
    fun open(cell: ContextCell?) {
        val mine = scopes.get()
        // Tag the scope with the value read just before, if it was read from what we displace;
        // an unpaired setValue (no read first) gets no tag and is closed last-in first-out.
        val previous = if (mine.lastReadCell === CurrentCell.get()) mine.lastRead else null
        mine.lastRead = null
        mine.lastReadCell = null
        val scope = mine.spare ?: OpenScope()
        mine.spare = null
        scope.previous = previous
        // Micrometer's restore never throws: a misplaced one is logged (context-propagation#130).
        scope.entered = Executions.enter(cell, Executions.OnMisuse.LOG)
        scope.below = mine.top
        mine.top = scope
    }

    @JvmSynthetic
    fun close(previous: Context) {
        val mine = scopes.get()
        mine.lastRead = null
        mine.lastReadCell = null
        var scope = mine.top
        while (scope != null && scope.previous !== previous) scope = scope.below
        if (scope == null) {
            // Not a value of an open scope: its scope was ended with an enclosing one (an
            // out-of-order close, context-propagation#130), or was opened on another thread.
            // Either way nothing changes, as for the core's scopes. An unpaired scope on top is
            // the one exception: it can only be closed last-in first-out.
            val top = mine.top
            if (top != null && top.previous == null) {
                mine.top = top.below
                top.entered!!.close()
                recycle(mine, top)
            }
            return
        }
        // Ends this scope and every scope opened inside it (the core closes theirs with it), so
        // nothing of theirs stays reachable from the thread.
        val inOrder = scope === mine.top
        mine.top = scope.below
        scope.entered!!.close()
        if (inOrder) recycle(mine, scope)
    }

    private fun recycle(mine: ThreadScopes, scope: OpenScope) {
        scope.previous = null
        scope.entered = null
        scope.below = null
        mine.spare = scope
    }

    @JvmSynthetic
    fun closeAll() {
        val mine = scopes.get()
        mine.top = null
        mine.spare = null
        mine.lastRead = null
        mine.lastReadCell = null
        Executions.exitAll()
    }
}
