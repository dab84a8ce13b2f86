package io.extracontext.test

import io.extracontext.test.fixtures.FreshKotestCases
import io.extracontext.test.fixtures.LeakingKotestCases
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Runs deliberately leaking kotest specs through the kotest engine and reads how each test ended. */
class ContextLeakListenerSpec : FunSpec({
    val header = " left context state behind (use set/reset or withValue, close every scope in a finally):\n  - "

    test("a test that leaves a variable set fails, naming the variable") {
        val outcomes = Engines.outcomes(Engines.run("kotest", LeakingKotestCases::class.java, emptyMap()))
        outcomes["sets a variable without reset"] shouldBe "sets a variable without reset${header}ContextVar 'tenant' = acme (was not set)"
    }

    test("a test that leaves a scope open fails, saying so") {
        val outcomes = Engines.outcomes(Engines.run("kotest", LeakingKotestCases::class.java, emptyMap()))
        outcomes["leaves a scope open"]!! shouldContain "1 scope(s) left open on the thread"
    }

    test("a test that cleans up passes") {
        val outcomes = Engines.outcomes(Engines.run("kotest", LeakingKotestCases::class.java, emptyMap()))
        outcomes.containsKey("cleans up after itself") shouldBe true
        outcomes["cleans up after itself"] shouldBe null
    }

    test("with a fresh context each test starts empty, and a leak into that context still fails the test") {
        val outcomes = Engines.outcomes(Engines.run("kotest", FreshKotestCases::class.java, emptyMap()))
        outcomes["leaks into its fresh context"] shouldBe "leaks into its fresh context${header}ContextVar 'tenant' = fresh leak (was not set)"
        outcomes.containsKey("starts empty although the previous test leaked") shouldBe true
        outcomes["starts empty although the previous test leaked"] shouldBe null
    }
})
