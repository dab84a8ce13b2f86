package io.extracontext.reliability.model

import io.extracontext.Backend
import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.Scope
import io.extracontext.Token
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.element
import io.extracontext.coroutines.flow
import io.opentelemetry.context.ContextKey
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.slf4j.MDC
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.ExecutionException
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlin.concurrent.thread
import io.opentelemetry.context.Context as OtelContext

/** Thrown by a program's `Fail` step; the enclosing block's construct lets it through, the runner catches it there. */
class Fault : RuntimeException("program fault") {
    override fun fillInStackTrace(): Throwable = this
}

/** The pools and the dispatcher programs run on; [probe] checks that no pooled thread holds anything. */
class Env : AutoCloseable {
    val raw: ExecutorService = Executors.newFixedThreadPool(THREADS) { r -> Thread(r, "model-pool").apply { isDaemon = true } }
    val pool = ContextPreservingExecutor.wrap(raw)
    val rawCoroutine: ExecutorService = Executors.newFixedThreadPool(THREADS) { r -> Thread(r, "model-dispatcher").apply { isDaemon = true } }
    val dispatcher = rawCoroutine.asCoroutineDispatcher()

    /** Every thread of both pools runs a raw probe at once (a barrier puts one on each): none may hold a value. */
    fun probe(): List<String> = probeThreads(raw, THREADS) + probeThreads(rawCoroutine, THREADS)

    override fun close() {
        raw.shutdownNow()
        rawCoroutine.shutdownNow()
    }

    companion object {
        /** More than the deepest program can block at once (Program.MAX_DEPTH), so no program starves a pool. */
        const val THREADS = 8

        /** What [threads] probes, one on each thread of [raw] (no context carried), found left behind. */
        fun probeThreads(raw: ExecutorService, threads: Int): List<String> {
            val barrier = CyclicBarrier(threads)
            val futures = (1..threads).map {
                raw.submit<String?> {
                    barrier.await(5, TimeUnit.SECONDS)
                    leftover()
                }
            }
            return futures.mapNotNull { it.get(10, TimeUnit.SECONDS) }
        }

        /** What the calling thread holds of ours, or null when nothing. */
        fun leftover(): String? {
            val context = copyContext()
            val mdc = MDC.getCopyOfContextMap()
            val otel = OtelContext.current()
            return when {
                context.isNotEmpty() -> "${Thread.currentThread().name} holds $context"
                !mdc.isNullOrEmpty() -> "${Thread.currentThread().name} holds MDC $mdc"
                otel !== OtelContext.root() -> "${Thread.currentThread().name} holds OpenTelemetry $otel"
                else -> null
            }
        }
    }
}

/**
 * Runs a [Program] against the real library and the model in lock step, and fails with what differs
 * at the first step where they part: an exception one had and the other not, or any value read.
 */
class Runner(private val backend: Backend, private val env: Env) {
    private val v = listOf(ContextVar<Int>("v0"), ContextVar("v1", -1))
    private val ctx = ContextLocal(backend)
    private val native = backend == Backend.NATIVE
    private val tokens = ArrayList<Pair<Token<Int>, ModelToken>>()
    private val pure = PureModel()

    /** One execution: its model state, and whether the pure namespace's values are checked in it. */
    private class Frame(var n: NativeState, val pureHere: Boolean)

    private class Opened(val real: Scope, val savedNative: NativeState?, val savedPure: PureModel.Frame?) {
        var closed = false
    }

    fun run(program: Program) {
        val frame = Frame(NativeState.root(), pureHere = true)
        io.extracontext.Context().run {
            // PURE values are per thread, not in the context: its own isolation keeps the program's to itself.
            if (native) {
                guard { block(program.tree, frame) }
                check(frame)
            } else {
                ctx.run {
                    guard { block(program.tree, frame) }
                    check(frame)
                }
            }
        }
        val left = env.probe()
        if (left.isNotEmpty()) fail("after the program, a pooled thread holds a value: $left")
        if (!native) {
            // PURE values stay on the thread: the program's own (on this thread) must be gone after it.
            val names = ctx.attributeNames()
            if (names.isNotEmpty()) fail("after the program, the PURE namespace still shows $names on this thread")
        }
    }

    private fun fail(message: String): Nothing = throw AssertionError(message)

    private inline fun guard(action: () -> Unit) {
        try {
            action()
        } catch (_: Fault) {
        }
    }

    private fun unwrap(e: Throwable): Throwable = if (e is ExecutionException && e.cause != null) e.cause!! else e

    // ---- checks ----------------------------------------------------------------------------------

    private fun check(f: Frame) {
        checks.incrementAndGet()
        for (i in 0..1) {
            val expected = f.n.vars[i] ?: if (i == 1) -1 else null
            val got = v[i].getOrNull()
            if (got != expected) fail("v$i reads $got, the model says $expected")
            if (v[i].isSet() != f.n.vars.containsKey(i)) fail("v$i.isSet() is ${v[i].isSet()}, the model says ${f.n.vars.containsKey(i)}")
        }
        if (native || f.pureHere) {
            val expected = if (native) f.n.attrs else pure.visible()
            val got = ctx.attributeNames().associateWith { ctx.getAttribute(it) }
            if (got != expected) fail("ctx shows $got, the model says $expected")
        }
        val mdc = MDC.get("m")
        if (mdc != f.n.mdc) fail("MDC m reads $mdc, the model says ${f.n.mdc}")
        val otel = OtelContext.current().get(KEY)
        if (otel != f.n.otel) fail("OpenTelemetry key reads $otel, the model says ${f.n.otel}")
    }

    private fun outcome(what: String, expected: Class<out Throwable>?, action: () -> Unit) {
        val thrown = try {
            action()
            null
        } catch (e: Fault) {
            throw e
        } catch (e: Throwable) {
            e
        }
        if (expected == null && thrown != null) throw AssertionError("$what threw $thrown, the model expected no exception", thrown)
        if (expected != null && (thrown == null || !expected.isInstance(thrown))) {
            fail("$what gave ${thrown ?: "no exception"}, the model expected ${expected.simpleName}")
        }
    }

    // ---- leaves ----------------------------------------------------------------------------------

    private fun leaf(op: Op, f: Frame, opened: MutableList<Opened>) {
        val pureOk = native || f.pureHere
        when (op) {
            is SetVar -> {
                val mt = ModelToken(op.v, f.n.vars[op.v], f.n.id)
                f.n = f.n.copy(vars = f.n.vars + (op.v to op.value))
                tokens += v[op.v].set(op.value) to mt
            }
            is ResetVar -> if (tokens.isNotEmpty()) {
                val (token, mt) = tokens[op.token % tokens.size]
                val expected = when {
                    mt.used -> IllegalStateException::class.java
                    mt.contextId != f.n.id -> IllegalArgumentException::class.java
                    else -> null
                }
                if (expected == null) {
                    mt.used = true
                    f.n = f.n.copy(vars = if (mt.old == null) f.n.vars - mt.v else f.n.vars + (mt.v to mt.old))
                }
                outcome("v${mt.v}.reset(token)", expected) { v[mt.v].reset(token) }
            }
            is GetVar -> {
                val expected = if (op.v == 0 && !f.n.vars.containsKey(0)) NoSuchElementException::class.java else null
                outcome("v${op.v}.get()", expected) { v[op.v].get() }
            }
            is SetAttr -> if (pureOk) {
                val name = Program.attr(op.name)
                if (native) f.n = f.n.copy(attrs = f.n.attrs + (name to op.value)) else pure.top.values[name] = op.value
                ctx.setAttribute(name, op.value)
            }
            is DelAttr -> if (pureOk) {
                val name = Program.attr(op.name)
                val present = if (native) f.n.attrs.containsKey(name) else pure.get(name) != null
                if (present) {
                    if (native) f.n = f.n.copy(attrs = f.n.attrs - name) else pure.top.values[name] = PureModel.DELETED
                }
                outcome("ctx.deleteAttribute(\"$name\")", if (present) null else NoSuchElementException::class.java) {
                    ctx.deleteAttribute(name)
                }
            }
            is GetAttr -> if (pureOk) {
                val name = Program.attr(op.name)
                val present = if (native) f.n.attrs.containsKey(name) else pure.get(name) != null
                outcome("ctx.getAttribute(\"$name\")", if (present) null else NoSuchElementException::class.java) {
                    ctx.getAttribute(name)
                }
            }
            is MdcPut -> {
                f.n = f.n.copy(mdc = op.value.toString())
                MDC.put("m", op.value.toString())
            }
            MdcRemove -> {
                f.n = f.n.copy(mdc = null)
                MDC.remove("m")
            }
            Enter -> if (pureOk) {
                switches.incrementAndGet()
                if (native) {
                    opened += Opened(ctx.enter(), f.n, null)
                    f.n = f.n.fresh()
                } else {
                    opened += Opened(ctx.enter(), null, pure.top)
                    pure.top = PureModel.Frame(pure.top)
                }
            }
            is Close -> if (opened.isNotEmpty()) {
                val index = op.scope % opened.size
                val scope = opened[index]
                if (scope.closed) {
                    outcome("closing a closed scope", null) { scope.real.close() }
                } else {
                    switches.incrementAndGet()
                    val innermost = opened.subList(index + 1, opened.size).all { it.closed }
                    for (s in opened.subList(index, opened.size)) s.closed = true
                    restore(scope, f)
                    outcome(if (innermost) "closing the innermost scope" else "closing a scope out of order", if (innermost) null else IllegalStateException::class.java) {
                        scope.real.close()
                    }
                }
            }
            Fail -> throw Fault()
            Yield -> {}
            is Begin, End -> error("not a leaf")
        }
        check(f)
    }

    private fun restore(scope: Opened, f: Frame) {
        if (scope.savedNative != null) f.n = scope.savedNative else pure.top = scope.savedPure!!
    }

    /** The end of a block: what it left open is closed innermost first, as try-with-resources would. */
    private fun closeRemaining(opened: List<Opened>, f: Frame) {
        for (scope in opened.asReversed()) {
            if (scope.closed) continue
            scope.closed = true
            switches.incrementAndGet()
            restore(scope, f)
            outcome("closing the innermost scope at the end of its block", null) { scope.real.close() }
        }
    }

    // ---- blocking blocks -------------------------------------------------------------------------

    private fun block(nodes: List<Node>, f: Frame) {
        val opened = ArrayList<Opened>()
        try {
            for (node in nodes) {
                when (node) {
                    is Leaf -> leaf(node.op, f, opened)
                    is Block -> {
                        guard { construct(node, f) }
                        check(f)
                    }
                }
            }
        } finally {
            closeRemaining(opened, f)
        }
    }

    /** Runs [f]'s model state through an isolated copy of it, whatever the block does. */
    private inline fun isolated(f: Frame, action: () -> Unit) {
        val saved = f.n
        f.n = f.n.fresh()
        try {
            action()
        } finally {
            f.n = saved
        }
    }

    private fun construct(b: Block, f: Frame) {
        switches.addAndGet(2)
        when (b.kind) {
            Kind.CONTEXT_RUN -> isolated(f) { copyContext().run { block(b.children, f) } }
            Kind.LOCAL_RUN -> if (native) {
                isolated(f) { ctx.run { block(b.children, f) } }
            } else {
                val saved = pure.top
                pure.top = PureModel.Frame(saved)
                try {
                    ctx.run { block(b.children, f) }
                } finally {
                    pure.top = saved
                }
            }
            Kind.OTHER_THREAD -> {
                val child = Frame(f.n.fresh(), pureHere = false)
                val context = copyContext()
                var failure: Throwable? = null
                thread(name = "model-thread") {
                    try {
                        context.run { block(b.children, child) }
                    } catch (e: Throwable) {
                        failure = e
                    }
                }.join()
                failure?.let { throw it }
            }
            Kind.POOL_TASK -> {
                val child = Frame(f.n.fresh(), pureHere = false)
                try {
                    env.pool.submit { block(b.children, child) }.get(10, TimeUnit.SECONDS)
                } catch (e: ExecutionException) {
                    throw unwrap(e)
                }
            }
            Kind.ITERATORS -> iterators(b, f)
            Kind.OTEL_SCOPE -> {
                val saved = f.n
                f.n = f.n.copy(otel = b.value)
                try {
                    OtelContext.current().with(KEY, b.value).makeCurrent().use { block(b.children, f) }
                } finally {
                    f.n = f.n.copy(otel = saved.otel)
                }
            }
            else -> {
                // A suspending form from blocking code: inside a coroutine of its own, as users write it.
                val child = Frame(f.n.fresh(), pureHere = false)
                runBlocking(ContextElement()) { suspendingConstruct(b, child) }
            }
        }
    }

    private fun iterators(b: Block, f: Frame) {
        val parts = listOf(b.children.filterIndexed { i, _ -> i % 2 == 0 }, b.children.filterIndexed { i, _ -> i % 2 == 1 })
        class It(val mine: List<Node>) {
            // NATIVE: a copy of the caller's context when iterator() is called. PURE: own frames, hung under the caller's.
            val frame = Frame(f.n.fresh(), pureHere = f.pureHere)
            val bottom = PureModel.Frame(null)
            var top = bottom
            val real = ctx.sequence<Int> {
                for (node in mine) {
                    val at = if (native) frame else f
                    when (node) {
                        is Leaf -> block(listOf(node), at)
                        is Block -> construct(node, at)
                    }
                    yield(0)
                }
            }.iterator()
            var done = false
        }
        val its = parts.map { It(it) }
        var remaining = true
        while (remaining) {
            remaining = false
            for (it in its) {
                if (it.done) continue
                switches.addAndGet(2)
                val callerTop = pure.top
                if (!native) {
                    it.bottom.parent = callerTop
                    pure.top = it.top
                }
                val more = try {
                    it.real.hasNext()
                } catch (_: Fault) {
                    false
                } finally {
                    if (!native) {
                        it.top = pure.top
                        pure.top = callerTop
                        it.bottom.parent = null
                    }
                }
                if (more) {
                    it.real.next()
                    remaining = true
                } else {
                    it.done = true
                }
                check(f)
            }
        }
    }

    // ---- suspending blocks -----------------------------------------------------------------------

    private suspend fun blockS(nodes: List<Node>, f: Frame) {
        val opened = ArrayList<Opened>()
        try {
            for (node in nodes) {
                when (node) {
                    is Leaf -> {
                        if (node.op == Yield) yield()
                        leaf(node.op, f, opened)
                    }
                    is Block -> {
                        try {
                            if (node.kind.suspending) suspendingConstruct(node, f) else construct(node, f)
                        } catch (_: Fault) {
                        }
                        check(f)
                    }
                }
            }
        } finally {
            closeRemaining(opened, f)
        }
    }

    private suspend fun suspendingConstruct(b: Block, f: Frame) {
        switches.addAndGet(2)
        when (b.kind) {
            Kind.LAUNCH -> {
                val child = Frame(f.n.fresh(), pureHere = false)
                var failure: Throwable? = null
                supervisorScope {
                    launch(Dispatchers.Unconfined) {
                        try {
                            blockS(b.children, child)
                        } catch (e: Throwable) {
                            failure = e // kept, not rethrown: a failed launch would also reach the uncaught-exception handler
                        }
                    }.join()
                }
                failure?.let { throw it }
            }
            Kind.ASYNC -> {
                val child = Frame(f.n.fresh(), pureHere = false)
                supervisorScope { async(env.dispatcher) { blockS(b.children, child) }.await() }
            }
            Kind.WITH_ELEMENT -> {
                val saved = f.n
                f.n = f.n.fresh()
                try {
                    withContext(if (native) ctx.element() else ContextElement()) { blockS(b.children, f) }
                } finally {
                    f.n = saved
                }
            }
            Kind.WITH_DISPATCHER -> withContext(env.dispatcher) { blockS(b.children, f) }
            Kind.FLOW -> {
                val body = Frame(f.n.fresh(), pureHere = false)
                val local = if (native) ctx else ContextLocal()
                local.flow<Int> {
                    for (node in b.children) {
                        blockS(listOf(node), body)
                        emit(0)
                    }
                }.collect { check(f) }
            }
            else -> construct(b, f)
        }
    }

    companion object {
        val KEY: ContextKey<Int> = ContextKey.named("reliability")

        /** Every value read and compared with the model, and every context switch made, in this JVM. */
        val checks = AtomicLong()
        val switches = AtomicLong()
    }
}
