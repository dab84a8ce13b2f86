package io.extracontext.pmap

/**
 * Returned by lookups for a key that is not in the map. Values may be `null`, so `null` cannot
 * mean "absent"; a private sentinel avoids boxing the answer in an Optional on the read path.
 */
internal object Absent {
    override fun toString(): String = "<absent>"
}
