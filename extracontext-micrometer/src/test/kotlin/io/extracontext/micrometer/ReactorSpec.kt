package io.extracontext.micrometer

import io.extracontext.Context
import io.extracontext.copyContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainOnly
import io.kotest.matchers.shouldBe
import reactor.core.observability.DefaultSignalListener
import reactor.core.observability.SignalListener
import reactor.core.publisher.Flux
import reactor.core.publisher.Hooks
import reactor.core.publisher.Mono
import reactor.core.publisher.SynchronousSink
import reactor.core.scheduler.Scheduler
import reactor.core.scheduler.Schedulers
import java.time.Duration
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Supplier

/**
 * Reactor 3.8 with `Hooks.enableAutomaticContextPropagation()`: what is current at the
 * subscription (`contextCapture()`), or under our key in the Reactor `Context`, is current in the
 * operators on every scheduler, and nothing stays on the scheduler threads.
 *
 * The hook is global: this spec turns it on and off itself, and runs in a JVM of its own (see the pom).
 */
class ReactorSpec : FunSpec({
    beforeSpec { Hooks.enableAutomaticContextPropagation() }
    afterSpec {
        Hooks.disableAutomaticContextPropagation()
        Hooks.resetOnEachOperator()
        Hooks.resetOnLastOperator()
    }

    /** Subscribes to what [pipeline] builds with the request id [id] current, and waits for every value it emits. */
    fun <T : Any> seenUnder(id: String, pipeline: () -> Flux<T>): List<T> {
        val future = withRequestId(id) { pipeline().contextCapture().collectList().toFuture() }
        return future.get(10, TimeUnit.SECONDS)!!
    }

    fun probeUnwrapped(scheduler: Scheduler, n: Int): List<String?> {
        val allIn = CountDownLatch(n)
        val seen = Collections.synchronizedList(ArrayList<String?>())
        val done = CountDownLatch(n)
        repeat(n) {
            scheduler.schedule {
                allIn.countDown()
                allIn.await(10, TimeUnit.SECONDS)
                seen.add(if (installedCell() == null) null else "a cell, holding ${requestId.getOrNull()}")
                done.countDown()
            }
        }
        done.await(10, TimeUnit.SECONDS) shouldBe true
        return seen
    }

    /**
     * What a probe task sees on [scheduler]: [n] tasks held at one latch, so they run on [n]
     * different workers. The automatic propagation wraps every scheduled task in a snapshot of its
     * submitter, which would hide what the worker holds between tasks: the probes are scheduled
     * with the schedule hooks off, and the propagation is switched on again after them.
     */
    fun probe(scheduler: Scheduler, n: Int): List<String?> {
        Schedulers.resetOnScheduleHooks()
        try {
            return probeUnwrapped(scheduler, n)
        } finally {
            Hooks.enableAutomaticContextPropagation()
        }
    }

    val parallelWorkers = Schedulers.DEFAULT_POOL_SIZE

    fun schedulerThreadsHoldNothing() {
        probe(Schedulers.parallel(), parallelWorkers) shouldContainOnly listOf(null)
        probe(Schedulers.boundedElastic(), 4) shouldContainOnly listOf(null)
    }

    afterEach { schedulerThreadsHoldNothing() }

    test("map and publishOn(parallel()) see the value current at contextCapture()") {
        seenUnder("r-map") { Flux.range(1, 50).publishOn(Schedulers.parallel()).map { requestId.get() } } shouldBe List(50) { "r-map" }
    }

    test("publishOn(boundedElastic()) and subscribeOn(parallel()) see it") {
        seenUnder("r-hop") {
            Flux.range(1, 20).subscribeOn(Schedulers.parallel()).map { requestId.get() }
                .publishOn(Schedulers.boundedElastic()).map { it + "|" + requestId.get() }
        } shouldBe List(20) { "r-hop|r-hop" }
    }

    test("flatMap into inner publishers on other schedulers sees it, inside and after") {
        seenUnder("r-flat") {
            Flux.range(1, 20).flatMap { Mono.fromCallable { requestId.get() }.subscribeOn(Schedulers.boundedElastic()) }
                .map { it + "|" + requestId.get() }
        } shouldBe List(20) { "r-flat|r-flat" }
    }

    test("handle sees it") {
        seenUnder("r-handle") {
            Flux.range(1, 10).publishOn(Schedulers.parallel()).handle { _: Int, sink: SynchronousSink<String> -> sink.next(requestId.get()) }
        } shouldBe List(10) { "r-handle" }
    }

    test("tap's signal listener sees it") {
        val seen = Collections.synchronizedList(ArrayList<String?>())
        val listener = object : DefaultSignalListener<Int>() {
            override fun doOnNext(value: Int) { seen.add(requestId.getOrNull()) }
            override fun doOnComplete() { seen.add(requestId.getOrNull()) }
        }
        seenUnder("r-tap") { Flux.range(1, 5).publishOn(Schedulers.parallel()).tap(Supplier<SignalListener<Int>> { listener }) }
        seen shouldBe List(6) { "r-tap" }
    }

    test("delayElements and Mono.delay (timer threads) see it") {
        seenUnder("r-delay") {
            Flux.range(1, 5).delayElements(Duration.ofMillis(1)).map { requestId.get() }
                .concatWith(Mono.delay(Duration.ofMillis(1)).map { requestId.get() })
        } shouldBe List(6) { "r-delay" }
    }

    test("Mono.fromCallable on boundedElastic() sees it") {
        seenUnder("r-callable") { Mono.fromCallable { requestId.get() }.subscribeOn(Schedulers.boundedElastic()).flux() } shouldBe listOf("r-callable")
    }

    test("after Flux.merge and Flux.zip of sources on different schedulers, downstream operators see it") {
        seenUnder("r-merge") {
            val a = Flux.range(1, 5).publishOn(Schedulers.parallel()).map { "a:" + requestId.get() }
            val b = Flux.range(1, 5).publishOn(Schedulers.boundedElastic()).map { "b:" + requestId.get() }
            Flux.merge(a, b).map { it + "|" + requestId.get() }
        }.sorted() shouldBe (List(5) { "a:r-merge|r-merge" } + List(5) { "b:r-merge|r-merge" })
        seenUnder("r-zip") {
            val a = Mono.fromCallable { requestId.get() }.subscribeOn(Schedulers.parallel())
            val b = Mono.delay(Duration.ofMillis(2)).map { requestId.get() }
            val c = Mono.fromCallable { requestId.get() }.subscribeOn(Schedulers.boundedElastic())
            Flux.zip(a, b, c).map { "${it.t1} ${it.t2} ${it.t3} ${requestId.get()}" }
        } shouldBe listOf("r-zip r-zip r-zip r-zip")
    }

    test("a context put in the Reactor Context under the accessor's key is current in the operators") {
        val ctx: Context = withRequestId("from-reactor-context") { copyContext() }
        Flux.range(1, 5).publishOn(Schedulers.parallel()).map { requestId.get() }
            .contextWrite(reactor.util.context.Context.of(ExtraContextAccessor.KEY, ctx))
            .collectList().toFuture().get(10, TimeUnit.SECONDS) shouldBe List(5) { "from-reactor-context" }
    }

    test("block() captures the caller's context by itself (reactor-core#3420), and writes in an operator never reach the caller") {
        withRequestId("r-block") {
            // A write in an operator acts as a ThreadLocal write would: it may flow downstream with
            // the signal (Reactor's schedule hook captures it), but it never reaches the caller.
            Mono.fromCallable { requestId.get() }
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.parallel())
                .map { (it + "|" + requestId.get()).also { requestId.set("written in the operator") } }
                .block(Duration.ofSeconds(10)) shouldBe "r-block|r-block"
            requestId.get() shouldBe "r-block"
        }
    }

    test("a subscription without a captured context runs its operators in the empty context, even after one with a value on the same threads") {
        seenUnder("r-first") { Flux.range(1, 10).publishOn(Schedulers.parallel()).map { requestId.get() } }
        Flux.range(1, 10).publishOn(Schedulers.parallel()).map { requestId.getOrNull() ?: "none" }
            .collectList().toFuture().get(10, TimeUnit.SECONDS) shouldBe List(10) { "none" }
    }

    test("10,000 concurrent subscriptions, each with its own value, across parallel, boundedElastic and timers: 0 mismatches") {
        val n = 10_000
        val done = CountDownLatch(n)
        val mismatches = AtomicInteger()
        val errors = AtomicInteger()
        repeat(n) { i ->
            val id = "s-$i"
            val onScheduler = if (i % 2 == 0) Schedulers.parallel() else Schedulers.boundedElastic()
            val pipeline = Mono.delay(Duration.ofMillis((i % 7).toLong()))
                .publishOn(onScheduler)
                .map { requestId.getOrNull() ?: "none" }
                .flatMap { first -> Mono.fromCallable { first + "|" + (requestId.getOrNull() ?: "none") }.subscribeOn(Schedulers.parallel()) }
                .doFinally { done.countDown() }
            val check = { seen: String -> if (seen != "$id|$id") mismatches.incrementAndGet() }
            if (i % 2 == 0) {
                // half of them: the value current at contextCapture()
                withRequestId(id) { pipeline.contextCapture().subscribe(check) { errors.incrementAndGet() } }
            } else {
                // the other half: a context put under the accessor's key
                val ctx = withRequestId(id) { copyContext() }
                pipeline.contextWrite(reactor.util.context.Context.of(ExtraContextAccessor.KEY, ctx)).subscribe(check) { errors.incrementAndGet() }
            }
        }
        done.await(60, TimeUnit.SECONDS) shouldBe true
        errors.get() shouldBe 0
        mismatches.get() shouldBe 0
    }
})
