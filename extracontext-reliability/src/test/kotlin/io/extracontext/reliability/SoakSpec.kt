package io.extracontext.reliability

import io.extracontext.Backend
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.reliability.model.Env
import io.extracontext.reliability.model.Program
import io.extracontext.reliability.model.Runner
import io.kotest.core.spec.style.FunSpec
import io.kotest.property.RandomSource
import io.micrometer.context.ContextRegistry
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import reactor.core.publisher.Flux
import reactor.core.publisher.Hooks
import reactor.core.scheduler.Schedulers
import java.lang.ref.WeakReference
import java.time.Duration
import java.util.Collections
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration.Companion.seconds

/**
 * The soak: for `-Dsoak.seconds` (60 in `mvn verify`), several threads at once run a mixed workload:
 * the model's random programs on both backends, coroutines hopping between dispatchers, Reactor
 * pipelines with automatic context propagation, and, on JDK 21+, virtual threads. Every value read is
 * checked. At the end no pooled thread may hold a value, and no context or value made during the soak
 * may still be reachable.
 */
class SoakSpec : FunSpec({

    val env = Env()
    afterSpec { env.close() }

    // kotest's default timeout (10 minutes) would end a long soak before its final checks.
    val seconds = System.getProperty("soak.seconds")?.toLongOrNull() ?: 60L

    test("a mixed workload for the soak time reads only right values, leaves no pooled thread dirty and retains no context")
        .config(timeout = (seconds + 300).seconds) {
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
            val soak = Soak(env)
            val drivers = listOf(soak::models, soak::coroutines, soak::reactor, soak::virtualThreads)
            val done = CountDownLatch(drivers.size)
            val threads = drivers.mapIndexed { i, driver ->
                Thread({
                    try {
                        driver(deadline)
                    } catch (e: Throwable) {
                        soak.wrong(e.toString())
                    } finally {
                        done.countDown()
                    }
                }, "soak-driver-$i").apply { start() }
            }
            check(done.await(seconds + 120, TimeUnit.SECONDS)) { "soak drivers still running ${seconds + 120} s after the start" }
            threads.forEach { it.join(10_000) }
            val left = soak.leftOnPools()
            val retained = soak.retained()
            val jdk = Runtime.version().feature()
            println(
                "soak (JDK $jdk, $seconds s): ${soak.programs.get()} programs, ${soak.checks()} checks, ${soak.switches()} switches, " +
                    "${soak.wrongs.size} wrong, ${left.size} left on pooled threads, $retained of ${soak.tracked.size} tracked retained" +
                    (soak.skipped?.let { " ($it)" } ?: ""),
            )
            check(soak.wrongs.isEmpty()) { "wrong reads (first 5): ${soak.wrongs.take(5)}" }
            check(left.isEmpty()) { "pooled threads still hold values: $left" }
            check(soak.tracked.size > 100) { "only ${soak.tracked.size} contexts and values were tracked: the retention check would prove nothing" }
            check(retained == 0) { "$retained of ${soak.tracked.size} contexts and values made during the soak are still reachable" }
        }
})

/** The workload's parts and what they counted. */
private class Soak(private val env: Env) {
    val programs = AtomicLong()
    private val ownChecks = AtomicLong()
    private val ownSwitches = AtomicLong()
    private val checksBefore = Runner.checks.get()
    private val switchesBefore = Runner.switches.get()
    val wrongs: MutableList<String> = Collections.synchronizedList(ArrayList())
    val tracked = ConcurrentLinkedQueue<WeakReference<Any>>()
    var skipped: String? = null

    private val requestId = ContextVar<String>("soak-request")
    private val reactorPool = Executors.newFixedThreadPool(Env.THREADS) { r -> Thread(r, "soak-reactor").apply { isDaemon = true } }
    private val reactorScheduler = Schedulers.fromExecutorService(reactorPool, "soak-reactor")

    fun checks(): Long = Runner.checks.get() - checksBefore + ownChecks.get()

    fun switches(): Long = Runner.switches.get() - switchesBefore + ownSwitches.get()

    fun wrong(what: String) {
        if (wrongs.size < 100) wrongs += what
    }

    private fun expect(what: String, expected: Any?, actual: Any?) {
        ownChecks.incrementAndGet()
        if (expected != actual) wrong("$what: expected $expected, read $actual on ${Thread.currentThread().name}")
    }

    /** Keeps a weak reference to a sample of what the soak makes, to check at the end that none stays reachable. */
    private fun track(value: Any) {
        if (tracked.size < 20_000) tracked += WeakReference(value)
    }

    /** The model's random programs, both backends in turn, each checked against the model step by step. */
    fun models(deadline: Long) {
        val arb = Program.arb(ModelBasedSpec.STEPS)
        val random = RandomSource.seeded(System.nanoTime())
        var n = 0
        while (System.nanoTime() < deadline) {
            val program = arb.sample(random).value
            val backend = if (n++ % 2 == 0) Backend.NATIVE else Backend.PURE
            try {
                Runner(backend, env).run(program)
            } catch (e: AssertionError) {
                wrong("model program on $backend: ${e.message}\n$program")
            }
            programs.incrementAndGet()
        }
    }

    /** Coroutines that set a value, then hop: withContext to a pool dispatcher and back, launch children, yield. */
    fun coroutines(deadline: Long) {
        var i = 0L
        while (System.nanoTime() < deadline) {
            val id = "c-${i++}".also(::track)
            runBlocking(ContextElement()) {
                requestId.set(id)
                var current = id
                repeat(4) { hop ->
                    // A dispatcher hop is the same coroutine: the value goes there and a write there comes back.
                    withContext(env.dispatcher) {
                        ownSwitches.incrementAndGet()
                        expect("coroutine hop $hop", current, requestId.get())
                        current = "$id-hop-$hop"
                        requestId.set(current)
                    }
                    expect("after the hop $hop", current, requestId.get())
                }
                requestId.set(id)
                val children = (1..4).map { k ->
                    launch(env.dispatcher) {
                        ownSwitches.incrementAndGet()
                        requestId.set("$id-child-$k")
                        yield()
                        expect("child $k after a yield", "$id-child-$k", requestId.get())
                    }
                }
                children.forEach { it.join() }
                expect("after the children", id, requestId.get())
                track(copyContext())
            }
        }
    }

    /** Reactor pipelines on a scheduler of our own, with Micrometer's automatic propagation on. */
    fun reactor(deadline: Long) {
        ContextRegistry.getInstance() // loads ExtraContextAccessor through its ServiceLoader entry
        Hooks.enableAutomaticContextPropagation()
        try {
            var i = 0L
            while (System.nanoTime() < deadline) {
                val id = "r-${i++}"
                val seen = copyContext().run {
                    requestId.set(id)
                    Flux.range(1, 8)
                        .publishOn(reactorScheduler)
                        .map { n ->
                            ownSwitches.incrementAndGet()
                            expect("reactor map $n", id, requestId.get())
                            n
                        }
                        .contextCapture()
                        .collectList()
                        .block(Duration.ofSeconds(10))
                }
                expect("reactor elements", 8, seen?.size)
                expect("the caller after the pipeline", null, requestId.getOrNull())
            }
        } finally {
            Hooks.disableAutomaticContextPropagation()
        }
    }

    /** On JDK 21+: bursts of virtual threads from the one-call executor, each seeing its submitter's value. */
    fun virtualThreads(deadline: Long) {
        if (Runtime.version().feature() < 21) {
            skipped = "virtual threads skipped: JDK ${Runtime.version().feature()} has none"
            return
        }
        val executor = ContextPreservingExecutor.newVirtualThreadPerTaskExecutor()
        try {
            var i = 0L
            while (System.nanoTime() < deadline) {
                val id = "v-${i++}"
                copyContext().run {
                    requestId.set(id)
                    val futures = (1..16).map { k ->
                        executor.submit<String> {
                            ownSwitches.incrementAndGet()
                            requestId.set("$id-$k") // the task's own write, gone with it
                            requestId.get()
                        }
                    }
                    futures.forEachIndexed { k, f -> expect("virtual thread $k", "$id-${k + 1}", f.get(10, TimeUnit.SECONDS)) }
                    expect("the submitter after its tasks", id, requestId.get())
                }
            }
        } finally {
            executor.shutdown()
            check(executor.awaitTermination(10, TimeUnit.SECONDS)) { "virtual-thread executor did not end" }
        }
    }

    /** A barrier probe on every thread of every pool the soak used: what they still hold. */
    fun leftOnPools(): List<String> = try {
        env.probe() + Env.probeThreads(reactorPool, Env.THREADS)
    } finally {
        reactorScheduler.dispose()
        reactorPool.shutdownNow()
    }

    /** How many tracked contexts and values are still reachable after repeated collections (bounded). */
    fun retained(): Int {
        repeat(50) {
            if (tracked.all { it.get() == null }) return 0
            System.gc()
            List(16) { ByteArray(256 * 1024) } // allocation pressure, so that the collector runs for real
        }
        return tracked.count { it.get() != null }
    }
}
