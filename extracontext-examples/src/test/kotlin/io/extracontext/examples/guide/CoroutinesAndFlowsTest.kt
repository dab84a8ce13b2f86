package io.extracontext.examples.guide

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.asContextElement
import io.extracontext.coroutines.element
import io.extracontext.coroutines.flow
import io.extracontext.test.junit5.ContextLeakExtension
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

private val requestId = ContextVar<String>("request_id")
private val ctx = ContextLocal()

/** The guide's "Coroutines and flows" page: every block of it is copied from here. */
@ExtendWith(ContextLeakExtension::class)
class CoroutinesAndFlowsTest {
    @Test
    fun `children start from a copy of their parent's values and keep their own`() {
        val results = runBlocking(ContextElement()) {              // the one rule: an element in the root scope
            requestId.set("parent")
            val children = listOf("a", "b").map { id ->
                async(Dispatchers.Default) {
                    val inherited = requestId.get()                // "parent": copied at launch
                    requestId.set(id)                              // this child's own value
                    delay(5)                                       // resumes on any thread
                    "$inherited->${requestId.get()}"
                }
            }
            children.awaitAll() + requestId.get()                  // the parent still has "parent"
        }
        assertEquals(listOf("parent->a", "parent->b", "parent"), results)
        assertNull(requestId.getOrNull())                          // nothing left on the caller's thread
    }

    @Test
    fun `withContext to another dispatcher is the same execution, an element block is a copy`() {
        val seen = runBlocking(ContextElement()) {
            withContext(Dispatchers.IO) { requestId.set("set on IO") }   // the same context: kept
            val kept = requestId.get()
            withContext(ctx.element()) { requestId.set("inside") }       // a copy: discarded at the end
            withContext(requestId.asContextElement("r-9")) { delay(1) }  // one value for one block
            "$kept / ${requestId.get()}"
        }
        assertEquals("set on IO / set on IO", seen)
    }

    @Test
    fun `each collection of an isolated flow starts from a copy of the collector's context`() {
        val numbers = ctx.flow<Any?> {                                 // the async generator of the guide
            ctx.setAttribute("count", (ctx.getAttribute("count", 0) as Int) + 1)
            emit(ctx.getAttribute("count"))
            emit(requestId.getOrNull())
        }
        val seen = runBlocking(ContextElement()) {
            requestId.set("r-1")
            numbers.toList() + numbers.toList()                    // [1, r-1, 1, r-1]: no state shared
        }
        assertEquals(listOf(1, "r-1", 1, "r-1"), seen)
    }

    @Test
    fun `a long-lived scope holds an element and every launch gets its own copy`() {
        val scope = CoroutineScope(Dispatchers.Default + SupervisorJob() + ContextElement())
        try {
            val seen = runBlocking {
                listOf("a", "b").map { id ->
                    scope.async {
                        requestId.set(id)
                        delay(1)
                        requestId.get()
                    }
                }.awaitAll()
            }
            assertEquals(listOf("a", "b"), seen)
        } finally {
            scope.cancel()
        }
        var leftOnCaller: String? = "unset"
        runBlocking { launch { leftOnCaller = requestId.getOrNull() }.join() }
        assertNull(leftOnCaller)
    }
}
