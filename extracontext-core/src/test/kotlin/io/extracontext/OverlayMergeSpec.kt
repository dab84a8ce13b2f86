package io.extracontext

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Writes pile up in an overlay that is merged into the trie every (MAX_OVERLAY + 1)th write; a merge keeps only the
 * newest write of each variable. These runs cross several merges with repeated and mixed writes.
 */
@OptIn(ExtraContextSpi::class)
class OverlayMergeSpec : FunSpec({
    test("the newest of many writes to one variable survives every merge") {
        val v = ContextVar<Int>("v")
        Context().run {
            for (i in 1..100) {
                v.set(i)
                v.get() shouldBe i
            }
            copyContext()[v] shouldBe 100
            copyContext().size shouldBe 1
        }
    }

    test("interleaved writes, removals and rewrites of several variables match a plain map") {
        val vars = List(5) { ContextVar<Int>("v$it") }
        Context().run {
            val expected = HashMap<ContextVar<Int>, Int>()
            val tokens = ArrayList<Token<Int>>()
            for (step in 0 until 200) {
                val v = vars[(step * 7) % vars.size]
                if (step % 11 == 10 && tokens.isNotEmpty()) {
                    // A reset long after its set: takes the slow path through the merged map.
                    val token = tokens.removeAt(tokens.size - 1)
                    token.variable.reset(token)
                    val old = token.oldValue
                    if (old === Token.MISSING) expected.remove(token.variable) else expected[token.variable] = old as Int
                } else {
                    tokens += v.set(step)
                    expected[v] = step
                }
                for (w in vars) w.getOrNull() shouldBe expected[w]
                copyContext() shouldBe expected
            }
        }
    }

    test("a set and reset after four fresh writes merges the overlay once, not at every set") {
        val vars = List(5) { ContextVar<Int>("v$it") }
        Context().run {
            for (i in 0 until 4) vars[i].set(i)
            val cell = Execution.currentCell()!!
            var merges = 0
            repeat(10) {
                val before = cell.vars
                val token = vars[4].set(it)
                if (cell.vars.mergedFrom(before)) merges++
                vars[4].reset(token)
                for (i in 0 until 4) vars[i].get() shouldBe i
                vars[4].getOrNull() shouldBe null
            }
            merges shouldBe 1
        }
    }
})
