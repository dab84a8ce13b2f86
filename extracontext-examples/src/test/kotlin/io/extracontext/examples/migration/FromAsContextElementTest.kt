package io.extracontext.examples.migration

import io.extracontext.Context
import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.asContextElement
import io.extracontext.test.junit5.ContextLeakExtension
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asContextElement
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.slf4j.MDCContext
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.slf4j.MDC

/**
 * The guide's migration from kotlinx's `ThreadLocal.asContextElement()` and kotlinx-coroutines-slf4j's
 * `MDCContext`: the "before" code with what it loses, and the "after" code.
 */
@ExtendWith(ContextLeakExtension::class)
class FromAsContextElementTest {
    private val requestIdBefore = ThreadLocal<String>()
    private val requestId = ContextVar<String>("request_id")

    @Test
    fun `a write to a thread local inside its element's block is lost at the next suspension`() {
        val seen = runBlocking {
            withContext(Dispatchers.Default + requestIdBefore.asContextElement("r-1")) {
                requestIdBefore.set("r-2")            // not written back into the element
                yield()                               // resumes with the element's value again
                requestIdBefore.get()                 // "r-1"
            }
        }
        assertEquals("r-1", seen)
    }

    @Test
    fun `a write to a context variable inside its element's block is kept until the block ends`() {
        val seen = runBlocking(ContextElement()) {
            withContext(Dispatchers.Default + requestId.asContextElement("r-1")) {
                requestId.set("r-2")                  // kept: the coroutine owns its context
                yield()
                requestId.get()                       // "r-2"
            }
        }
        assertEquals("r-2", seen)
    }

    @Test
    fun `an MDC key put after MDCContext was made is lost at the next suspension`() {
        // This JVM's MDC is extracontext-slf4j's: MDCContext's restore writes into the thread's context,
        // so the "before" runs in a throwaway Context that the test thread leaves behind.
        val seen = Context().run {
            runBlocking {
                MDC.put("request_id", "r-1")
                try {
                    withContext(Dispatchers.Default + MDCContext()) {   // a copy of the MDC, made here
                        MDC.put("user", "alice")                         // after the copy: not in it
                        yield()
                        MDC.get("user")                                  // null
                    }
                } finally {
                    MDC.remove("request_id")
                }
            }
        }
        assertEquals(null, seen)
    }

    @Test
    fun `with extracontext-slf4j an MDC key put inside a coroutine is kept across its suspensions`() {
        val seen = runBlocking(ContextElement()) {                  // the MDC lives in the context
            MDC.put("request_id", "r-1")
            withContext(Dispatchers.Default) {
                MDC.put("user", "alice")
                yield()
                MDC.get("request_id") + " " + MDC.get("user")       // "r-1 alice"
            }
        }
        assertEquals("r-1 alice", seen)
    }
}
