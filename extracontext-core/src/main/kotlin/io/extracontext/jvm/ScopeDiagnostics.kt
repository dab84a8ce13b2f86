package io.extracontext.jvm

import java.lang.ref.Cleaner
import java.lang.ref.WeakReference
import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong
import java.util.logging.Level
import java.util.logging.Logger

/**
 * Strict mode's record of one open scope: where it was opened, and a cleaner action that reports
 * it if the scope object is collected before it was closed. The action holds this record, never
 * the scope, so registering does not keep the scope alive.
 *
 * Open records are also listed (until closed or collected) so that a leak check can say where the
 * scopes a test left open were opened; the list holds no scope and no context strongly.
 */
internal class ScopeDiagnostics private constructor(
    val openedAt: Throwable,
    private val thread: WeakReference<Thread>,
    private val serial: Long,
) : Runnable {
    @Volatile
    var closed: Boolean = false
        set(value) {
            field = value
            if (value) open.remove(this)
        }

    /** The context a native scope made current; `null` for pure scopes, which a leak check does not see. */
    @Volatile
    private var installed: WeakReference<Any>? = null

    /** Records [context] as the one the scope made current, weakly. */
    fun recordInstalled(context: Any) {
        installed = WeakReference(context)
    }

    override fun run() {
        open.remove(this)
        if (!closed) logger.log(Level.SEVERE, "A Scope became unreachable while still open; it was opened here:", openedAt)
    }

    companion object {
        private val logger = Logger.getLogger("io.extracontext.Scope")
        private val cleaner by lazy { Cleaner.create() }
        private val serials = AtomicLong()
        private val open: MutableSet<ScopeDiagnostics> = ConcurrentHashMap.newKeySet()

        @JvmSynthetic
        fun register(scope: Any): ScopeDiagnostics {
            val thread = Thread.currentThread()
            val record = ScopeDiagnostics(
                Throwable("Scope opened here, on thread '${thread.name}'"),
                WeakReference(thread),
                serials.incrementAndGet(),
            )
            open.add(record)
            cleaner.register(scope, record)
            return record
        }

        /** The serial of the last scope registered: scopes registered later have a larger one. */
        @JvmSynthetic
        fun serial(): Long = serials.get()

        /**
         * Where the native scopes opened on [thread] after [serial] and still open were opened,
         * oldest first: still open means their context is on [chain], the current cell's chain of
         * contexts (a `run` or an enclosing scope that ended took it off, even if the scope itself
         * was never closed).
         */
        @JvmSynthetic
        fun openSince(serial: Long, thread: Thread, chain: List<Any>): List<Throwable> {
            // Contexts compare by their values; the chain must be matched by identity.
            val onChain = Collections.newSetFromMap(IdentityHashMap<Any, Boolean>())
            onChain.addAll(chain)
            return open.asSequence()
                .filter { !it.closed && it.serial > serial && it.thread.get() === thread }
                .filter { record -> record.installed?.get()?.let { it in onChain } == true }
                .sortedBy { it.serial }
                .map { it.openedAt }
                .toList()
        }
    }
}
