package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.copyContext
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withContext
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture

/** Crossings between coroutines and blocking code: pools, runBlocking, futures. */
class BridgesSpec : FunSpec({
    val ctx = ContextLocal()

    test("blocking code submitted from a coroutine to a ContextPreservingExecutor sees the coroutine's values") {
        ContextPreservingExecutor(2).use { pool ->
            withContext(ContextElement() + Dispatchers.Default) {
                ctx.value("coroutine")
                val submitted = pool.submit(
                    Callable {
                        val seen = ctx.value()
                        ctx.value("task")
                        seen
                    },
                )
                runInterruptible(Dispatchers.IO) { submitted.get() } shouldBe "coroutine"
                CompletableFuture.supplyAsync({ ctx.value() }, pool).await() shouldBe "coroutine"
                ctx.value() shouldBe "coroutine"
            }
        }
    }

    test("a pool used as a dispatcher runs the coroutine in its own context and keeps nothing on the workers") {
        withThreads(1) { (t) ->
            ContextPreservingExecutor.wrap(t.executor).asCoroutineDispatcher().let { pool ->
                withContext(ContextElement()) {
                    ctx.value("coroutine")
                    withContext(pool) {
                        ctx.value() shouldBe "coroutine"
                        ctx.value("on the pool")
                        delay(1)
                    }
                    ctx.value() shouldBe "on the pool"
                }
            }
            t.cellBetweenTasks() shouldBe null
        }
    }

    test("runBlocking(ContextElement()) inside a pool task starts from the task's values and keeps its writes") {
        ContextPreservingExecutor(2).use { pool ->
            copyContext().run {
                ctx.value("submitter")
                pool.submit(
                    Callable {
                        ctx.value() shouldBe "submitter"
                        ctx.value("task")
                        val inCoroutines = runBlocking(ContextElement()) {
                            val child = launch(Dispatchers.Default) {
                                ctx.value() shouldBe "task"
                                ctx.value("child")
                            }
                            child.join()
                            val seen = ctx.value()
                            ctx.value("runBlocking")
                            seen
                        }
                        inCoroutines shouldBe "task"
                        ctx.value()
                    },
                ).get() shouldBe "task"
                ctx.value() shouldBe "submitter"
            }
        }
    }

    test("future { } started from a pool task with a ContextElement carries the task's values") {
        ContextPreservingExecutor(2).use { pool ->
            copyContext().run {
                ctx.value("submitter")
                pool.submit(
                    Callable {
                        val scope = CoroutineScope(Dispatchers.Default + ContextElement())
                        try {
                            scope.future {
                                delay(1)
                                ctx.value()
                            }.get()
                        } finally {
                            scope.cancel()
                        }
                    },
                ).get() shouldBe "submitter"
            }
        }
    }

    test("CompletableFuture.await() resumes the coroutine with its own values and leaves the completing thread's intact") {
        withThreads(1) { (completer) ->
            for (dispatcher in listOf(Dispatchers.Default, Dispatchers.Unconfined)) {
                val future = CompletableFuture<String>()
                withContext(ContextElement() + dispatcher) {
                    ctx.value("coroutine")
                    val completed = completer.executor.submit(
                        Callable {
                            copyContext().run {
                                ctx.value("completer")
                                future.complete("done")
                                ctx.value()
                            }
                        },
                    )
                    future.await() shouldBe "done"
                    ctx.value() shouldBe "coroutine"
                    // Off the completer: under Unconfined this coroutine is still running inside its complete().
                    runInterruptible(Dispatchers.IO) { completed.get() } shouldBe "completer"
                }
                completer.cellBetweenTasks() shouldBe null
            }
        }
    }
})
