package io.extracontext.namespace

import io.extracontext.Scope

/**
 * Where a `ContextLocal` keeps its attributes: one implementation per `Backend`, each in its own
 * package beside this one (`nativebackend`, `purebackend`), neither using the other.
 *
 * [get] answers the value, [Deleted] for a name deleted in the current scope, or `Absent`; the
 * namespace on top resolves defaults and turns deletions into "not set".
 */
internal interface NamespaceStore {
    fun get(name: String): Any?

    /** Sets [name] in the current scope; [value] may be [Deleted]. */
    fun put(name: String, value: Any?)

    /** Every name with an entry visible in the current scope (deletions included), with its value. */
    fun visible(): Map<String, Any?>

    /** Runs [block] isolated: what it writes or deletes is gone after it, also when it throws. */
    fun <R> runIsolated(block: () -> R): R

    /** Opens an isolated region that lasts until the returned scope is closed. */
    fun enter(): Scope

    /** An iterator whose steps all run in one isolated region of their own, started now, before [open] is called. */
    fun <T> isolatedIterator(open: () -> Iterator<T>): Iterator<T>
}
