package io.extracontext.test

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.test.kotest.ContextLeakListener
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The README's Kotlin snippet, compiled and run: ReadmeSnippetsSpec checks the README still shows exactly this. */
val requestId = ContextVar<String>("request_id")
object Session : ContextLocal() { var user: String by this }

class CheckoutSpec : FunSpec({
    extension(ContextLeakListener(freshContext = true))   // or once for all specs, in ProjectConfig

    test("a request's values are gone after it") {
        requestId.withValue("r-1") {
            Session.run { Session.user = "alice" }        // isolated: nothing leaks
            requestId.get() shouldBe "r-1"
        }
    }
})
