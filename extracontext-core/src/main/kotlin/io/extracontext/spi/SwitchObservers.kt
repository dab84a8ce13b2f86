package io.extracontext.spi

import io.extracontext.Execution
import io.extracontext.SwitchObserver
import io.extracontext.jvm.SwitchObservation

/**
 * The observers registered through [Executions.observeSwitches], installed in `Execution` as one:
 * the switch paths read one field, `null` when nobody observes.
 */
internal object SwitchObservers {
    private val registered = ArrayList<SwitchObserver>()

    @JvmSynthetic
    fun add(observer: SwitchObserver): AutoCloseable {
        val registration = Registration(observer)
        synchronized(registered) {
            registered += observer
            publish()
        }
        return registration
    }

    private fun publish() {
        Execution.switchObserver = when (registered.size) {
            0 -> null
            1 -> registered[0]
            else -> All(registered.toTypedArray())
        }
        // After the field is written: a thread that sees observation on reads the observer.
        SwitchObservation.enable()
    }

    private class Registration(private val observer: SwitchObserver) : AutoCloseable {
        private var closed = false

        override fun close() {
            synchronized(registered) {
                if (closed) return
                closed = true
                registered.removeAt(registered.indexOfFirst { it === observer })
                publish()
            }
        }
    }

    private class All(private val observers: Array<SwitchObserver>) : SwitchObserver {
        override fun switchedIn() {
            for (o in observers) o.switchedIn()
        }

        // Told in the reverse order, so that each observer's calls nest inside the ones before it.
        override fun switchedBack() {
            for (i in observers.indices.reversed()) observers[i].switchedBack()
        }
    }
}
