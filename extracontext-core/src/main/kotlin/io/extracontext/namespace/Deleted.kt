package io.extracontext.namespace

/** A namespace attribute deleted in the current scope: it hides outer values and defaults there. */
internal object Deleted {
    override fun toString(): String = "<deleted>"
}
