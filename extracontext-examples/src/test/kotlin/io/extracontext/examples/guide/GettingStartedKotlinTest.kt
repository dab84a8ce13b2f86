package io.extracontext.examples.guide

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.test.junit5.ContextLeakExtension
import io.extracontext.wrap
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.util.concurrent.Callable
import kotlin.concurrent.thread

// Top level (or in an object): created once. Two ContextVar("x") are two variables.
private val requestId = ContextVar<String>("request_id")
private val user = ContextVar("user", "anonymous")                 // with a default

object Request : ContextLocal() {                                  // a namespace of attributes
    var user: String by this
    var attempts: Int by this
}

/** The guide's "Getting started in Kotlin" page: every block of it is copied from here. */
@ExtendWith(ContextLeakExtension::class)
class GettingStartedKotlinTest {
    @Test
    fun `a variable is set for a block and reset after it`() {
        assertEquals("anonymous", user.get())
        val seen = requestId.withValue("r-1") {                    // set, run, reset in finally
            requestId.get()                                        // "r-1"
        }
        assertEquals("r-1", seen)
        requestId.set("r-2").use {                                 // a Token is AutoCloseable
            assertEquals("r-2", requestId.get())
        }
        assertFalse(requestId.isSet())
    }

    @Test
    fun `a namespace isolates what a block sets`() {
        val result = Request.run {                                 // an isolated copy of the context
            Request.user = "alice"
            Request.attempts = 1
            "${Request.user} ${Request.attempts}"                  // "alice 1"
        }
        assertEquals("alice 1", result)
        assertFalse(Request.hasAttribute("user"))                  // nothing leaked to the caller
        val handler = Request.wrap { id: String -> Request.user = id; Request.user }   // the decorator
        assertEquals("bob", handler("bob"))
        assertFalse(Request.hasAttribute("user"))
    }

    @Test
    fun `a snapshot and a preserving pool carry the context to other threads`() {
        val seen = requestId.withValue("r-1") {
            val snapshot = copyContext()                           // O(1)
            var onThread: String? = null
            thread { onThread = snapshot.run { requestId.get() } }.join()
            val onPool = ContextPreservingExecutor(2).use { pool ->
                pool.submit(Callable { requestId.get() }).get()    // "r-1", on a pool thread
            }
            "$onThread $onPool"
        }
        assertEquals("r-1 r-1", seen)
    }
}
