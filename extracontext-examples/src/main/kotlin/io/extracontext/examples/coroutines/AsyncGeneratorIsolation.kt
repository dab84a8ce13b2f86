package io.extracontext.examples.coroutines

import io.extracontext.ContextLocal
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.flow
import io.extracontext.examples.Transcript
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/**
 * Usage guide, "Generator Isolation ... also works with async generators": an isolated flow is the
 * async generator. Body and loop both write `value`; each collection of the flow runs in its own
 * copy of the collector's context, so neither side ever sees the other's writes.
 */
private val ctx = ContextLocal()
private var value: String by ctx

fun main() = runBlocking(ContextElement()) {
    val out = Transcript()
    val numbers = ctx.flow {                       // @ctx async def numbers():
        out.println("body starts and sees $value")
        for (i in 1..3) {
            value = "body-$i"
            emit(i)                                //     yield i
            yield()
            out.println("body resumes and sees $value")
        }
    }
    value = "loop"
    numbers.collect { i ->                         // async for i in numbers():
        out.println("loop gets $i and sees $value")
        value = "loop-$i"
    }
    Transcript.checkEquals("loop-3", value, "the loop's own last write")
    out.expect(
        listOf(
            "body starts and sees loop",
            "loop gets 1 and sees loop",
            "body resumes and sees body-1",
            "loop gets 2 and sees loop-1",
            "body resumes and sees body-2",
            "loop gets 3 and sees loop-2",
            "body resumes and sees body-3",
        ),
    )
}
