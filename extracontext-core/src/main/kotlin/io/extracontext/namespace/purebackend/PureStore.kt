package io.extracontext.namespace.purebackend

import io.extracontext.Scope
import io.extracontext.jvm.PerThread
import io.extracontext.namespace.NamespaceStore
import io.extracontext.namespace.ScopeBase
import io.extracontext.pmap.Absent

/**
 * The pure backend: a self-contained, single-thread implementation that shares nothing with
 * `Context`. Each thread has a stack of frames per namespace; isolation pushes a frame, a lookup
 * walks the frames from the innermost out (so it sees live outer values), and a deletion is a
 * marker in the current frame that hides outer values.
 */
internal class PureStore : NamespaceStore {

    private class Frame(@JvmField var parent: Frame?) {
        val values = HashMap<String, Any?>()
    }

    /** One per thread and namespace; also the identity a scope checks to know its thread. */
    private class Stack {
        var top: Frame = Frame(null)
    }

    private val stacks = PerThread { Stack() }

    override fun get(name: String): Any? {
        var frame: Frame? = stacks.get().top
        while (frame != null) {
            val values = frame.values
            if (values.containsKey(name)) return values[name]
            frame = frame.parent
        }
        return Absent
    }

    override fun put(name: String, value: Any?) {
        stacks.get().top.values[name] = value
    }

    override fun visible(): Map<String, Any?> {
        val out = HashMap<String, Any?>()
        var frame: Frame? = stacks.get().top
        while (frame != null) {
            for ((k, v) in frame.values) out.putIfAbsent(k, v)
            frame = frame.parent
        }
        return out
    }

    override fun <R> runIsolated(block: () -> R): R {
        val stack = stacks.get()
        val previous = stack.top
        stack.top = Frame(previous)
        try {
            return block()
        } finally {
            stack.top = previous
        }
    }

    override fun enter(): Scope {
        val stack = stacks.get()
        val frame = Frame(stack.top)
        stack.top = frame
        return PureScope(stack, frame)
    }

    override fun <T> isolatedIterator(open: () -> Iterator<T>): Iterator<T> = FrameIterator(open)

    private inner class PureScope(private val stack: Stack, private val frame: Frame) : ScopeBase() {
        private val previous: Frame = frame.parent!!

        override fun release() {
            if (stacks.get() !== stack) {
                return misuse("Scope closed on another thread than the one that opened it; no context was changed")
            }
            markClosed()
            unwind(
                top = stack.top,
                mine = frame,
                parentOf = { it.parent },
                unlink = {}, // the frames opened inside are dropped with the stack's top
                restore = { stack.top = previous },
            )
        }
    }

    /**
     * Keeps its own frames across steps: the bottom one holds the iterator's writes and is hung
     * under the caller's current frame for each step, so lookups still reach live outer values.
     */
    private inner class FrameIterator<T>(open: () -> Iterator<T>) : Iterator<T> {
        private val bottom = Frame(null)
        private var top: Frame = bottom
        private val delegate: Iterator<T> = step(open)

        private inline fun <R> step(action: () -> R): R {
            val stack = stacks.get()
            val caller = stack.top
            bottom.parent = caller
            stack.top = top
            try {
                return action()
            } finally {
                top = stack.top
                stack.top = caller
                bottom.parent = null
            }
        }

        override fun hasNext(): Boolean = step { delegate.hasNext() }

        override fun next(): T = step { delegate.next() }
    }
}
