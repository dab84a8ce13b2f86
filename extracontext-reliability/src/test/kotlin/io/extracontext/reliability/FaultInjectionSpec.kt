package io.extracontext.reliability

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.element
import io.extracontext.coroutines.flow
import io.extracontext.reliability.model.Env
import io.extracontext.spi.CurrentCell
import io.kotest.core.spec.style.FunSpec
import io.micrometer.context.ContextSnapshotFactory
import io.opentelemetry.context.ContextKey
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.slf4j.MDC
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import io.opentelemetry.context.Context as OtelContext

/**
 * Every fault, thrown at every step of every propagation form, leaves the caller and the workers
 * exactly as they were: the same variable values, the same MDC, the same OpenTelemetry context, the
 * same execution installed; no pooled thread holding anything; and the fault itself reaches the
 * caller unchanged (the same instance, or the cause of the executor's `ExecutionException`).
 */
class FaultInjectionSpec : FunSpec({

    val env = Env()
    afterSpec { env.close() }

    val requestId = ContextVar<String>("fault-request")
    val ctx = ContextLocal()
    val key = ContextKey.named<String>("fault")

    /**
     * What the caller sees of us: compared before and after every case. A form that is no isolation
     * (an OpenTelemetry scope restores OpenTelemetry's context only; the body's writes to our
     * variables stay, by design) is compared on what it restores.
     */
    fun state(form: Form): String {
        val always = "cell=${System.identityHashCode(CurrentCell.get())} otel=${OtelContext.current().get(key)} interrupted=${Thread.currentThread().isInterrupted}"
        if (!form.isolates) return always
        return "$always requestId=${requestId.getOrNull()} user=${ctx.getAttribute("user")} mdc=${MDC.getCopyOfContextMap()}"
    }

    /** The body every form runs: it writes everywhere, then faults at step [at] of [steps]. */
    fun body(step: Int, at: Int, fault: Throwable) {
        requestId.set("inside-$step")
        ctx.setAttribute("user", "inside-$step")
        MDC.put("requestId", "inside-$step")
        if (step == at) raise(fault)
    }

    context("real timeouts, not only their exceptions") {
        test("withTimeout expiring while an isolated block waits on a pool dispatcher leaves the caller and the workers as they were") {
            copyContext().run {
                requestId.set("caller")
                ctx.setAttribute("user", "caller")
                val before = state(Form.WITH_ELEMENT)
                val caught = runCatching {
                    runBlocking(ContextElement()) {
                        withTimeout(100) {
                            withContext(ctx.element() + env.dispatcher) {
                                body(0, at = -1, fault = IllegalStateException("never thrown"))
                                awaitCancellation()
                            }
                        }
                    }
                }.exceptionOrNull()
                check(caught is TimeoutCancellationException) { "expected the timeout, got $caught" }
                check(state(Form.WITH_ELEMENT) == before) { "the caller changed: ${state(Form.WITH_ELEMENT)}" }
            }
            val left = env.probe()
            check(left.isEmpty()) { "a worker holds a value after the timeout: $left" }
        }

        test("a pool task cancelled with an interrupt after Future.get timed out leaves the caller and the worker as they were") {
            copyContext().run {
                requestId.set("caller")
                ctx.setAttribute("user", "caller")
                val before = state(Form.POOL_TASK)
                val started = CountDownLatch(1)
                val ended = CountDownLatch(1)
                val never = CountDownLatch(1)
                val future = env.pool.submit {
                    try {
                        body(0, at = -1, fault = IllegalStateException("never thrown"))
                        started.countDown()
                        never.await() // until the cancel interrupts it
                    } finally {
                        ended.countDown()
                    }
                }
                check(started.await(10, TimeUnit.SECONDS)) { "the task did not start" }
                val timedOut = runCatching { future.get(50, TimeUnit.MILLISECONDS) }.exceptionOrNull()
                check(timedOut is TimeoutException) { "expected Future.get to time out, got $timedOut" }
                future.cancel(true)
                check(ended.await(10, TimeUnit.SECONDS)) { "the interrupted task did not end" }
                check(state(Form.POOL_TASK) == before) { "the caller changed: ${state(Form.POOL_TASK)}" }
            }
            val left = env.probe()
            check(left.isEmpty()) { "the worker holds a value after the cancelled task: $left" }
        }
    }

    for (fault in Fault.entries) {
        context("a fault: $fault") {
            for (form in Form.entries) {
                for (at in 0 until form.steps) {
                    test("thrown at step ${at + 1} of ${form.steps} in $form leaves the caller and the workers as they were") {
                        copyContext().run {
                            requestId.set("caller")
                            ctx.setAttribute("user", "caller")
                            MDC.put("requestId", "caller")
                            OtelContext.current().with(key, "caller").makeCurrent().use {
                                val before = state(form)
                                val thrown = fault.prepare()
                                val caught = runCatching { form.run(env, ctx, key, thrown) { step -> body(step, at, thrown) } }.exceptionOrNull()
                                Thread.interrupted() // an interrupt the body set on this thread is the fault's, not a leak
                                fault.expectReached(form, thrown, caught)
                                val after = state(form)
                                check(after == before) { "the caller changed: before $before, after $after" }
                            }
                            MDC.remove("requestId")
                        }
                        val left = env.probe()
                        check(left.isEmpty()) { "a worker holds a value after the fault: $left" }
                    }
                }
            }
        }
    }
})

/** The propagation forms, each running the body [steps] times (a fault lands at one of them). */
private enum class Form(val steps: Int, val isolates: Boolean = true) {
    POOL_TASK(1) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            env.pool.submit { body(0) }.get(10, TimeUnit.SECONDS)
        }
    },
    CONTEXT_RUN(1) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            copyContext().run { body(0) }
        }
    },
    LOCAL_RUN(1) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            ctx.run { body(0) }
        }
    },
    SCOPE(2) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            ctx.enter().use {
                body(0)
                ctx.enter().use { body(1) }
            }
        }
    },
    ITERATOR(3) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            val steps = ctx.sequence {
                for (i in 0 until 3) {
                    body(i)
                    yield(i)
                }
            }.iterator()
            while (steps.hasNext()) steps.next()
        }
    },
    OTEL_SCOPE(2, isolates = false) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            OtelContext.current().with(key, "outer").makeCurrent().use {
                body(0)
                OtelContext.current().with(key, "inner").makeCurrent().use { body(1) }
            }
        }
    },
    MICROMETER_SNAPSHOT(1) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) {
            val snapshot = ContextSnapshotFactory.builder().build().captureAll()
            env.pool.submit { snapshot.setThreadLocals().use { body(0) } }.get(10, TimeUnit.SECONDS)
        }
    },
    WITH_ELEMENT(2) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) = runBlocking(ContextElement()) {
            withContext(ctx.element()) {
                body(0)
                withContext(env.dispatcher) { body(1) }
            }
        }
    },
    LAUNCH(1) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) = runBlocking(ContextElement()) {
            // A child's failure cancels the parent: runBlocking rethrows it.
            launch(env.dispatcher) { body(0) }.join()
        }
    },
    FLOW(3) {
        override fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit) = runBlocking(ContextElement()) {
            ctx.flow {
                body(0)
                emit(1)
                body(1)
                emit(2)
            }.collect { value -> if (value == 2) body(2) }
        }
    },
    ;

    abstract fun run(env: Env, ctx: ContextLocal, key: ContextKey<String>, fault: Throwable, body: (Int) -> Unit)

    val coroutine: Boolean get() = this == WITH_ELEMENT || this == LAUNCH || this == FLOW
}

/** What is thrown in the body, and how it reaches the caller. */
private enum class Fault {
    EXCEPTION,
    INTERRUPT,
    CANCELLATION,
    TIMEOUT,
    OUT_OF_MEMORY,
    STACK_OVERFLOW,
    ;

    fun prepare(): Throwable = when (this) {
        EXCEPTION -> IllegalStateException("injected")
        INTERRUPT -> InterruptedException("injected")
        CANCELLATION -> CancellationException("injected")
        TIMEOUT -> timeout()
        OUT_OF_MEMORY -> OutOfMemoryError("injected")
        STACK_OVERFLOW -> overflow()
    }

    /** The fault reached the caller: the same instance, unwrapped from the executor's exception, or as its cause. */
    fun expectReached(form: Form, thrown: Throwable, caught: Throwable?) {
        if (form == Form.LAUNCH && thrown is CancellationException) {
            // A cancellation (a timeout is one) thrown in a launched child ends that child only:
            // kotlinx.coroutines does not fail the parent, so nothing reaches the caller.
            check(caught == null) { "$form: a child's cancellation reached the caller as $caught" }
            return
        }
        checkNotNull(caught) { "$form swallowed the $this" }
        val reached = if (caught is ExecutionException) caught.cause else caught
        if (reached === thrown) return
        // kotlinx.coroutines may recover a copy of an exception thrown in another coroutine, with the
        // original as its cause; a cancellation thrown in a child ends the child only, and the parent
        // then sees it as the reason the child was cancelled.
        check(form.coroutine && (reached?.cause === thrown || reached?.javaClass == thrown.javaClass)) {
            "$form: the caller got $caught, not the injected $thrown"
        }
    }
}

/** Throws [fault] as user code would; an interrupt is also set on the thread first. */
private fun raise(fault: Throwable): Nothing {
    if (fault is InterruptedException) Thread.currentThread().interrupt()
    throw fault
}

private fun timeout(): Throwable = runBlocking {
    runCatching { withTimeout(1) { awaitCancellation() } }.exceptionOrNull() as TimeoutCancellationException
}

private fun overflow(): StackOverflowError = try {
    deep(0)
} catch (e: StackOverflowError) {
    e
}

private fun deep(n: Int): Nothing = if (n >= 0) deep(n + 1) else throw AssertionError()
