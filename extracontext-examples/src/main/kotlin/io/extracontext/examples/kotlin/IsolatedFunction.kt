package io.extracontext.examples.kotlin

import io.extracontext.ContextLocal
import io.extracontext.examples.Transcript
import io.extracontext.wrap

/**
 * Usage guide, "Decorator: Isolated Function Scope", in Kotlin: `ctx.wrap { }` is Python's `@ctx`.
 * Every call runs in a copy of its caller's context; what it writes is gone when it returns.
 */
private val ctx = ContextLocal()
private var value: Int by ctx          // a top-level property stored in the namespace
private val out = Transcript()

// @ctx def isolated_example(): ctx.value = 2; assert ctx.value == 2
private val isolatedExample = ctx.wrap {
    value = 2
    out.println("inside isolated_example: value = $value")
    check(value == 2)
}

// With an argument: the `wrap` extension for one-argument functions.
private val greet = ctx.wrap { name: String ->
    val callers = value                 // the caller's values are visible inside
    value = -1                          // scratch state, discarded after the call
    "hello $name (saw value $callers)"
}

fun main() {
    ctx.enter().use {                   // keeps this example's own writes off the thread
        value = 1
        isolatedExample()
        out.println("after isolated_example: value = $value")   // unchanged
        out.println(greet("ada"))
        out.println("after greet: value = $value")
    }
    out.expect(
        listOf(
            "inside isolated_example: value = 2",
            "after isolated_example: value = 1",
            "hello ada (saw value 1)",
            "after greet: value = 1",
        ),
    )
}
