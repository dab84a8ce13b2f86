package io.extracontext.examples.kotlin

import io.extracontext.ContextLocal
import io.extracontext.examples.Transcript

/**
 * Usage guide, "Context Manager: Isolated with Block", in Kotlin: `ctx.enter().use { }` is
 * `with ctx:`, and `ctx.run { }` the same as an expression. Blocks nest; a failing block restores too.
 */
private val ctx = ContextLocal()
private var value: Int by ctx

fun main() {
    val out = Transcript()
    ctx.run {                                            // the example's writes stay out of the caller's context
        value = 1
        ctx.enter().use {                                // with ctx:
            value = 2
            out.println("in block: $value")
            ctx.enter().use {                            // nested: with ctx: inside with ctx:
                out.println("nested block starts with: $value")
                value = 3
                out.println("nested block: $value")
            }
            out.println("back in block: $value")
        }
        out.println("after block: $value")               // restored
        runCatching {
            ctx.run {
                value = 99
                error("the block fails")
            }
        }
        out.println("after a failing block: $value")
    }
    out.expect(
        listOf(
            "in block: 2",
            "nested block starts with: 2",
            "nested block: 3",
            "back in block: 2",
            "after block: 1",
            "after a failing block: 1",
        ),
    )
}
