package io.extracontext.micrometer

import io.extracontext.coroutines.ContextElement
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.reactive.awaitSingle
import kotlinx.coroutines.reactor.flux
import kotlinx.coroutines.reactor.mono
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import reactor.core.publisher.Flux
import reactor.core.publisher.Hooks
import reactor.core.publisher.Mono
import reactor.core.scheduler.Schedulers
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * Our coroutine `ContextElement` and Reactor together (kotlinx-coroutines-reactor): the context goes
 * from a coroutine into a Reactor pipeline it awaits, and from a Reactor subscription into the
 * coroutine of a `mono { }` / `flux { }`.
 */
class CoroutinesReactorSpec : FunSpec({
    beforeSpec { Hooks.enableAutomaticContextPropagation() }
    afterSpec { Hooks.disableAutomaticContextPropagation() }

    test("a coroutine with a ContextElement awaiting a Reactor pipeline (awaitSingle) has its values seen on the scheduler threads, and keeps its own") {
        runBlocking(ContextElement() + Dispatchers.Default) {
            requestId.set("from-coroutine")
            val seen = Mono.fromCallable { requestId.get() }
                .subscribeOn(Schedulers.boundedElastic())
                .delayElement(Duration.ofMillis(1))
                .map { (it + "|" + requestId.get()).also { requestId.set("written on a timer thread") } }
                .contextCapture()
                .awaitSingle()
            seen shouldBe "from-coroutine|from-coroutine"
            delay(1)
            requestId.get() shouldBe "from-coroutine"
        }
    }

    test("mono { } started from a Reactor subscription keeps the subscriber's values across suspensions and dispatcher changes") {
        val result = withRequestId("from-reactor") {
            Mono.defer {
                // Runs at subscription with the subscriber's context restored: the element copies it.
                mono(ContextElement() + Dispatchers.Default) {
                    delay(1)
                    val a = requestId.get()
                    withContext(Dispatchers.IO) { delay(1) }
                    a + "|" + requestId.get()
                }
            }.publishOn(Schedulers.parallel()).map { it + "|" + requestId.get() }.contextCapture().toFuture()
        }.get(10, TimeUnit.SECONDS)
        result shouldBe "from-reactor|from-reactor|from-reactor"
    }

    test("flux { } inside a coroutine with a ContextElement sends the coroutine's values, and downstream operators see the captured ones") {
        val values = runBlocking(ContextElement()) {
            requestId.set("producer")
            flux(ContextElement() + Dispatchers.Default) {
                repeat(3) {
                    delay(1)
                    send(requestId.get())
                }
            }.publishOn(Schedulers.boundedElastic()).map { it + "|" + requestId.get() }
                .contextCapture().collectList().awaitSingle()
        }
        values shouldBe List(3) { "producer|producer" }
    }

    test("many coroutines awaiting Reactor pipelines at once each see their own value: 0 mismatches") {
        val results = runBlocking(ContextElement() + Dispatchers.Default) {
            (0 until 500).map { i ->
                async {
                    requestId.set("c-$i")
                    Flux.range(1, 3).publishOn(Schedulers.parallel()).map { requestId.get() }
                        .contextCapture().collectList().awaitSingle().all { it == "c-$i" } &&
                        requestId.get() == "c-$i"
                }
            }.map { it.await() }
        }
        results.count { !it } shouldBe 0
    }
})
