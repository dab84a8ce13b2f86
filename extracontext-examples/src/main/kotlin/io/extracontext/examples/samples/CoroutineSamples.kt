package io.extracontext.examples.samples

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.element
import io.extracontext.coroutines.flow
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

// Samples of the coroutine module's API documentation (see CoreSamples.kt for how they are checked).

/** [ContextElement]: children start from a copy of their parent's values, as asyncio tasks do. */
fun contextElementSample() = runBlocking(ContextElement()) {
    val requestId = ContextVar<String>("request_id")
    requestId.set("r-1")
    val child = async(Dispatchers.Default) {
        val inherited = requestId.get()
        requestId.set("r-2")                              // the child's own copy
        inherited
    }
    check(child.await() == "r-1")
    check(requestId.get() == "r-1")                       // the parent is untouched
}

/** `ContextLocal.element()`: the suspending `run`, values kept across dispatchers. */
fun elementSample() = runBlocking(ContextElement()) {
    val ctx = ContextLocal()
    val seen = withContext(ctx.element()) {
        ctx.setAttribute("user", "alice")
        withContext(Dispatchers.IO) { ctx.getAttribute("user") }   // resumed on another thread
    }
    check(seen == "alice")
    check(!ctx.hasAttribute("user"))                      // isolated: nothing leaked out
}

/** `ContextLocal.flow { }`: each collection runs isolated. */
fun flowSample() = runBlocking(ContextElement()) {
    val ctx = ContextLocal()
    val numbers = ctx.flow {
        ctx.setAttribute("step", 0)
        repeat(3) {
            ctx.setAttribute("step", it)
            emit(ctx.getAttribute("step") as Int)
        }
    }
    check(numbers.toList() == listOf(0, 1, 2))
    check(!ctx.hasAttribute("step"))                      // the collector never sees the flow's values
}
