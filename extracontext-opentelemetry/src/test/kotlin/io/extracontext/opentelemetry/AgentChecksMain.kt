package io.extracontext.opentelemetry

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.flow
import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.Context
import io.opentelemetry.context.ContextStorage
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/**
 * Runs in a JVM started by [JavaAgentSpec], with or without the OpenTelemetry Java agent: each check
 * prints `PASS name` or `FAIL name: detail`, then `DONE`. The same code must pass in both.
 */
object AgentChecksMain {
    private val records = java.util.Collections.synchronizedList(ArrayList<LogRecord>())

    @JvmStatic
    fun main(args: Array<String>) {
        // Everything this module logs, from the start (before OpenTelemetry chooses its storage).
        val logger = Logger.getLogger("io.extracontext.opentelemetry")
        logger.level = Level.ALL
        logger.addHandler(
            object : Handler() {
                override fun publish(record: LogRecord) { records.add(record) }
                override fun flush() {}
                override fun close() {}
            },
        )
        val selected = when (args.firstOrNull() ?: "checks") {
            "checks" -> checks
            "not-ours" -> notOurs
            "propagators" -> propagatorsSetting
            else -> error("unknown mode ${args.first()}")
        }
        println("INFO storage ${ContextStorage.get()}")
        for ((name, check) in selected) {
            try {
                val failure = check()
                println(if (failure == null) "PASS $name" else "FAIL $name: $failure")
            } catch (e: Throwable) {
                println("FAIL $name: threw $e")
            }
            if (Span.current() !== Span.getInvalid() && Span.current().spanContext.isValid) {
                println("FAIL $name: left a span current on the main thread: ${Span.current()}")
            }
        }
        for (r in records) println("LOG ${r.level} ${r.message}")
        println("DONE")
    }

    private fun spanId(): String = Span.current().spanContext.spanId

    /** The trace an instrumented call made here runs in (under the agent, a new span whose parent the agent chose). */
    private fun tracedTrace(): String = Traced.parentTraceChosenByTheAgent()

    private fun expect(what: String, expected: Any?, actual: Any?): String? = if (expected == actual) null else "$what: expected $expected, was $actual"

    private val NONE = Span.getInvalid().spanContext.spanId

    private fun warnings(): List<String> = records.filter { it.level == Level.WARNING }.map { it.message }

    /** Run with another storage chosen: the first use of the propagator warns once, naming it and the fix. */
    private val notOurs: List<Pair<String, () -> String?>> = listOf(
        "the first use of a ContextVarPropagator warns once that the context is not kept in ours" to {
            val carrier = HashMap<String, String>()
            Wire.propagator.inject(Context.current(), carrier, MapSetter)
            Wire.propagator.extract(Context.current(), carrier, MapGetter)
            val w = warnings()
            when {
                w.size != 1 -> "expected one WARNING, got $w"
                "NOT kept" !in w[0] || "contextStorageProvider=io.extracontext.opentelemetry.ExtraContextStorageProvider" !in w[0] -> "the WARNING names neither the problem nor the fix: ${w[0]}"
                ExtraContextStorageProvider.check() -> "check() said the context is kept in ours"
                warnings().size != 1 -> "check() logged again: ${warnings()}"
                else -> null
            }
        },
    )

    /** Run with `otel.propagators` naming `extracontext`: one WARNING names the setting and the fix. */
    private val propagatorsSetting: List<Pair<String, () -> String?>> = listOf(
        "a setting that stops the agent is named in one WARNING with the fix" to {
            ExtraContextStorageProvider.check()
            val w = warnings().filter { "otel.propagators" in it }
            when {
                w.size != 1 -> "expected one WARNING about otel.propagators, got ${warnings()}"
                "remove 'extracontext'" !in w[0] -> "the WARNING does not give the fix: ${w[0]}"
                else -> null
            }
        },
    )

    /**
     * What a check of a propagation form looks at: the span `Span.current()` returns, or the parent
     * the agent's instrumentations take (the agent reads its own storage, not `Span.current()`): a
     * `@WithSpan` method is one, and the trace it runs in is its parent's.
     */
    private class View(val what: String, val seen: () -> String, val idOf: (Span) -> String)

    private val views = listOf(
        View("Span.current()", { spanId() }, { it.spanContext.spanId }),
        View("the parent an instrumentation takes", { tracedTrace() }, { it.spanContext.traceId }),
    )

    private val checks: List<Pair<String, () -> String?>> = listOf(
        "check() says the context is kept in ours, with one FINE line and no WARNING" to {
            val kept = ExtraContextStorageProvider.check()
            val fine = records.filter { it.level == Level.FINE && "is kept in extracontext's" in it.message }
            when {
                !kept -> "check() returned false"
                fine.isEmpty() -> "no FINE line: ${records.map { it.message }}"
                warnings().isNotEmpty() -> "WARNINGs: ${warnings()}"
                else -> null
            }
        },
        "a @WithSpan method called in an isolated block and on a pool runs in a child of the caller's span, and the caller's span is current again after it" to {
            val pool = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor())
            try {
                val outer = spanWithNewTraceId()
                outer.makeCurrent().use {
                    val inBlock = copyContext().run { Traced.ids() to spanId() }
                    val onPool = pool.submit<Pair<Pair<String, String>, String>> { Traced.ids() to spanId() }.get(10, TimeUnit.SECONDS)
                    val problems = listOf("in an isolated block" to inBlock, "on a pool" to onPool).mapNotNull { (where, seen) ->
                        val (inside, after) = seen
                        // Under the agent the method gets a new span in the caller's trace; without it, the caller's span.
                        val expectedSpan = if (StorageCheck.underAgent) inside.second.takeIf { it != outer.spanContext.spanId && it != NONE } else outer.spanContext.spanId
                        when {
                            inside.first != outer.spanContext.traceId -> "$where: the method's trace ${inside.first}, not the caller's ${outer.spanContext.traceId}"
                            inside.second != expectedSpan -> "$where: the method ran in span ${inside.second} (agent: ${StorageCheck.underAgent})"
                            after != outer.spanContext.spanId -> "$where: after the method the span was $after"
                            else -> null
                        }
                    }
                    problems.firstOrNull()
                }
            } finally {
                pool.shutdownNow()
            }
        },
        "a pool task sees the submitter's span" to {
            val pool = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor())
            try {
                val span = spanWithNewTraceId()
                val seen = span.makeCurrent().use { pool.submit<String> { spanId() }.get(10, TimeUnit.SECONDS) }
                expect("span in the task", span.spanContext.spanId, seen)
            } finally {
                pool.shutdownNow()
            }
        },
        "a task on a plain executor sees the submitter's span under the agent (which carries it), and none without it" to {
            val pool = Executors.newSingleThreadExecutor()
            try {
                val span = spanWithNewTraceId()
                val seen = span.makeCurrent().use { pool.submit<String> { spanId() }.get(10, TimeUnit.SECONDS) }
                expect("span in the task", if (StorageCheck.underAgent) span.spanContext.spanId else NONE, seen)
            } finally {
                pool.shutdownNow()
            }
        },
        "a scope left open in a pool task is not seen by the next task" to {
            val pool = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor())
            try {
                val leaked = spanWithNewTraceId()
                pool.submit { leaked.makeCurrent() }.get(10, TimeUnit.SECONDS)   // left open on purpose
                val next = pool.submit<String> { spanId() }.get(10, TimeUnit.SECONDS)
                expect("span in the next task", NONE, next)
            } finally {
                pool.shutdownNow()
            }
        },
        "instrumentations in pool tasks take the submitter's span, never one left open by an earlier task" to {
            val pool = ContextPreservingExecutor.wrap(Executors.newSingleThreadExecutor())
            try {
                val leaked = spanWithNewTraceId()
                pool.submit { leaked.makeCurrent() }.get(10, TimeUnit.SECONDS)   // left open on purpose
                val next = pool.submit<String> { tracedTrace() }.get(10, TimeUnit.SECONDS)
                val submitter = spanWithNewTraceId()
                val seen = submitter.makeCurrent().use { pool.submit<String> { tracedTrace() }.get(10, TimeUnit.SECONDS) }
                (if (next == leaked.spanContext.traceId) "the next task's instrumented call ran in the leaked span's trace" else null)
                    ?: expect("trace in a task submitted under a span", submitter.spanContext.traceId, seen)
            } finally {
                pool.shutdownNow()
            }
        },
    ) + views.flatMap { view ->
        listOf(
            "the consumer of an isolated iterator sees its own span (${view.what})" to { iteratorCheck(view) },
            "a copyContext() snapshot run on a new thread sees the span (${view.what})" to { snapshotCheck(view) },
            "a span made current inside copyContext().run is not current after it (${view.what})" to { leftInBlockCheck(view) },
            "coroutines with a ContextElement keep their own span across dispatchers, interleaved (${view.what})" to { coroutinesCheck(view) },
            "flowOn and an isolated flow see the collector's span, and the flow's own span stays in the flow (${view.what})" to { flowsCheck(view) },
        )
    } + listOf(
        "Context.current() is root again after a closed scope" to {
            val span = spanWithNewTraceId()
            span.makeCurrent().use { }
            expect("context after", Context.root(), Context.current())
        },
    )

    /** [seen] is none of [spans]': where a span must not be seen (without one, each view has its own "none"). */
    private fun notAnyOf(what: String, view: View, seen: String?, vararg spans: Span): String? = if (spans.any { view.idOf(it) == seen }) "$what: saw $seen, which belongs elsewhere" else null

    private fun iteratorCheck(view: View): String? {
        val ctx = ContextLocal()
        val inner = spanWithNewTraceId()
        val iterator = ctx.isolate(
            iterator {
                inner.makeCurrent()   // left open on purpose: it belongs to the iterator
                yield(view.seen())
                yield(view.seen())
            },
        )
        val caller = spanWithNewTraceId()
        return caller.makeCurrent().use {
            val first = iterator.next()
            val callerSees = view.seen()
            val second = iterator.next()
            expect("the iterator's span", view.idOf(inner), first)
                ?: expect("the caller's span after next()", view.idOf(caller), callerSees)
                ?: expect("the iterator's span at its second step", view.idOf(inner), second)
                ?: expect("the caller's span at the end", view.idOf(caller), view.seen())
        }
    }

    private fun snapshotCheck(view: View): String? {
        val span = spanWithNewTraceId()
        val snapshot = span.makeCurrent().use { copyContext() }
        var seen: String? = null
        val thread = Thread { snapshot.run { seen = view.seen() } }
        thread.start()
        thread.join(10_000)
        return expect("span on the new thread", view.idOf(span), seen)
    }

    private fun leftInBlockCheck(view: View): String? {
        val span = spanWithNewTraceId()
        val inside = copyContext().run {
            span.makeCurrent()   // left open on purpose: it belongs to the block
            view.seen()
        }
        return expect("span inside", view.idOf(span), inside) ?: notAnyOf("after the block", view, view.seen(), span)
    }

    private fun coroutinesCheck(view: View): String? {
        val a = spanWithNewTraceId()
        val b = spanWithNewTraceId()
        val seen = runBlocking(ContextElement()) {
            suspend fun own(span: Span): List<String> {
                span.makeCurrent()   // left open on purpose: it belongs to this coroutine's context
                val first = view.seen()
                yield()
                val onIo = withContext(Dispatchers.IO) { view.seen() }
                yield()
                return listOf(first, onIo, view.seen())
            }
            val x = async(Dispatchers.Default) { own(a) }
            val y = async(Dispatchers.Default) { own(b) }
            listOf(x.await(), y.await(), listOf(view.seen()))
        }
        return expect("coroutine a", List(3) { view.idOf(a) }, seen[0])
            ?: expect("coroutine b", List(3) { view.idOf(b) }, seen[1])
            ?: notAnyOf("the parent", view, seen[2][0], a, b)
    }

    private fun flowsCheck(view: View): String? {
        val caller = spanWithNewTraceId()
        val inner = spanWithNewTraceId()
        val ctx = ContextLocal()
        return runBlocking(ContextElement()) {
            caller.makeCurrent().use {
                val upstream = flow { emit(view.seen()) }.flowOn(Dispatchers.IO).toList()
                val isolated = ctx.flow {
                    inner.makeCurrent()   // left open on purpose: it belongs to the flow
                    emit(view.seen())
                }.toList()
                expect("flowOn upstream", listOf(view.idOf(caller)), upstream)
                    ?: expect("isolated flow", listOf(view.idOf(inner)), isolated)
                    ?: expect("collector after the isolated flow", view.idOf(caller), view.seen())
            }
        }
    }
}
