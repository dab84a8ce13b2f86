package io.extracontext.internal

import io.extracontext.Scope

/**
 * Where a `ContextLocal` keeps its attributes: one implementation per `Backend`.
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

    fun <R> isolated(block: () -> R): R

    fun enter(): Scope

    /** An iterator isolated per instance; its isolation starts now, before [open] is called. */
    fun <T> isolate(open: () -> Iterator<T>): Iterator<T>
}
