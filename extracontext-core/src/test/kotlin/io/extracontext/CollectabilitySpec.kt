package io.extracontext

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.lang.ref.WeakReference

/** Drops every strong reference the test holds and asks the GC until the referent is gone. */
internal fun WeakReference<*>.collectedWithin(attempts: Int = 50): Boolean {
    repeat(attempts) {
        if (get() == null) return true
        System.gc()
        // Allocation pressure makes a young collection likely even where System.gc() is a hint.
        val garbage = ArrayList<ByteArray>()
        repeat(16) { garbage.add(ByteArray(64 * 1024)) }
        Thread.onSpinWait()
    }
    return get() == null
}

class CollectabilitySpec : FunSpec({

    test("a ContextVar that was set and reset and is then dropped becomes collectable") {
        fun useAndDrop(): WeakReference<ContextVar<String>> {
            val v = ContextVar<String>("temporary")
            val token = v.set("value")
            v.get()
            v.reset(token)
            v.withValue("again") { v.get() }
            return WeakReference(v)
        }
        val ref = useAndDrop()
        ContextVar<String>("another").withValue("read after") { copyContext() }
        ref.collectedWithin() shouldBe true
    }

    test("a ContextLocal that is dropped becomes collectable, and so does its variable") {
        fun useAndDrop(): WeakReference<ContextLocal> {
            val ctx = ContextLocal()
            ctx.run { ctx.setAttribute("x", 1) }
            return WeakReference(ctx)
        }
        useAndDrop().collectedWithin() shouldBe true
    }

    test("a ContextVar set in a context that is dropped becomes collectable with it") {
        fun useAndDrop(): WeakReference<ContextVar<ByteArray>> {
            val v = ContextVar<ByteArray>("big")
            Context().run { v.set(ByteArray(1024)) }
            return WeakReference(v)
        }
        useAndDrop().collectedWithin() shouldBe true
    }
})
