package io.extracontext.examples.kotlin

import io.extracontext.ContextLocal
import io.extracontext.examples.Transcript

/**
 * Usage guide, "Generator Isolation", in Kotlin: `ctx.sequence { }` is a generator function
 * decorated with `@ctx`. Each iterator is an instance with its own copy of the context, kept across
 * `yield`s; ten interleaved instances never see each other's values, nor does the caller.
 */
private val ctx = ContextLocal()
private var value: Int by ctx

// @ctx def contexted_generator(value): ctx.value = value; yield; results.append(ctx.value)
private fun contextedGenerator(v: Int, results: MutableList<Int>) = ctx.sequence {
    value = v
    yield(Unit)
    results += value
}

fun main() {
    val out = Transcript()
    val results = mutableListOf<Int>()
    val generators = (0 until 10).map { contextedGenerator(it, results).iterator() }
    generators.forEach { it.next() }          // any(next(gen) for gen in generators)
    generators.forEach { it.hasNext() }       // any(next(gen, None) for gen in generators): runs past the yield
    out.println("results = $results")
    out.println("caller sees a value: ${ctx.hasAttribute("value")}")
    check(results == (0 until 10).toList()) { "each generator kept its own value" }
    out.expect(listOf("results = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", "caller sees a value: false"))
}
