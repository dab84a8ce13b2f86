package io.extracontext.examples.kotlin

import io.extracontext.ContextMap
import io.extracontext.examples.Transcript

/**
 * Usage guide, "ContextMap: Dictionary-Style Access", in Kotlin: a namespace that is a `MutableMap`,
 * with `map["k"]`, attribute access and property delegation all reaching the same store. Initial
 * entries are defaults in every context; mutators write to the current context only.
 */
private val ctx = ContextMap(mapOf("color" to "red", "font" to "arial"))
private var color: String by ctx

fun main() {
    val out = Transcript()
    ctx.run {                                                // def myworker():
        ctx["value"] = "test"                                 //     ctx["value"] = "test"
        out.println("ctx.value = ${ctx.getAttribute("value")}")
        out.println("keys() = ${ctx.keys}")
        out.println("values() = ${ctx.values}")
        out.println("items() = ${ctx.entries}")
        out.println("get('size', 12) = ${ctx.getOrDefault("size", 12)}")
        out.println("pop('value') = ${ctx.remove("value")}")
        ctx.putAll(mapOf("color" to "blue"))                  // update()
        out.println("setdefault('font', 'serif') = ${ctx.putIfAbsent("font", "serif")}")
        out.println("after update: $ctx, color property = $color")
        ctx.run {                                             // an isolated block may wipe it...
            ctx.clear()
            out.println("inside, after clear(): $ctx, empty = ${ctx.isEmpty()}")
        }
        out.println("outside, still: $ctx")                   // ...the caller keeps everything
    }
    out.println("a fresh context sees the initial entries: $ctx")
    out.expect(
        listOf(
            "ctx.value = test",
            "keys() = [color, font, value]",
            "values() = [red, arial, test]",
            "items() = [color=red, font=arial, value=test]",
            "get('size', 12) = 12",
            "pop('value') = test",
            "setdefault('font', 'serif') = arial",
            "after update: {color=blue, font=arial}, color property = blue",
            "inside, after clear(): {}, empty = true",
            "outside, still: {color=blue, font=arial}",
            "a fresh context sees the initial entries: {color=red, font=arial}",
        ),
    )
}
