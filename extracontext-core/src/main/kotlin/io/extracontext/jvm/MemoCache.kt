package io.extracontext.jvm

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.locks.ReentrantLock

/**
 * One context's results of one `ContextMemo`: a concurrent map of slots, one per key. The map's own
 * `computeIfAbsent` never runs user code (a memoized function that calls itself, as a recursive
 * one does, would otherwise hit the map's "recursive update" error or a deadlock); each slot
 * computes under its own lock, so one key is computed once while other keys proceed. A
 * `ReentrantLock`, not `synchronized`, so a waiting virtual thread does not pin its carrier on JDK 21.
 */
internal class MemoCache(private val name: String) {
    private val slots = ConcurrentHashMap<Any, Slot>()

    private class Slot {
        val lock = ReentrantLock()

        @Volatile
        var value: Any? = Unset

        /** Set when the computation failed: the slot is out of the map, waiters go back to it. */
        var dead = false
    }

    private object Unset

    /** Keys may be null; the map's may not. */
    private object NullKey

    fun getOrCompute(key: Any?, compute: () -> Any?): Any? {
        val k = key ?: NullKey
        while (true) {
            val slot = slots.computeIfAbsent(k) { Slot() }
            val ready = slot.value
            if (ready !== Unset) return ready
            check(!slot.lock.isHeldByCurrentThread) {
                "ContextMemo '$name' was called for key $key while computing it: a memoized function must not need its own result"
            }
            slot.lock.lock()
            try {
                if (slot.dead) continue
                val again = slot.value
                if (again !== Unset) return again
                try {
                    val result = compute()
                    slot.value = result
                    return result
                } catch (e: Throwable) {
                    // Not cached: the next call, or a caller waiting now, computes again.
                    slot.dead = true
                    slots.remove(k, slot)
                    throw e
                }
            } finally {
                slot.lock.unlock()
            }
        }
    }

    fun isCached(key: Any?): Boolean = slots[key ?: NullKey]?.let { it.value !== Unset } ?: false

    fun invalidate(key: Any?): Boolean {
        val k = key ?: NullKey
        val slot = slots[k] ?: return false
        return slot.value !== Unset && slots.remove(k, slot)
    }

    override fun toString(): String = "MemoCache($name, ${slots.size} key(s))"
}
