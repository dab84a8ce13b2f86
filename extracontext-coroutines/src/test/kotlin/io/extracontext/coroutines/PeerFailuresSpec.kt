package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.zip
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/** The places where other context libraries break with coroutines and flows, one test (at least) each. */
class PeerFailuresSpec : FunSpec({
    val ctx = ContextLocal()

    context("sequence { } runs no coroutine machinery") {
        test("a plain sequence's steps see the context of whoever calls them, not an element") {
            val plain = sequence { repeat(2) { yield(ctx.value()) } }.iterator()
            withContext(ContextElement()) {
                ctx.value("first caller")
                plain.next() shouldBe "first caller"
            }
            withContext(ContextElement()) {
                ctx.value("second caller")
                plain.next() shouldBe "second caller"
            }
        }

        test("an isolated sequence stepped from a coroutine keeps its values across the coroutine's suspensions and hops") {
            withThreads(2) { (a, b) ->
                withContext(ContextElement() + a.dispatcher) {
                    ctx.value("coroutine")
                    val steps = ctx.sequence {
                        ctx.value() shouldBe "coroutine"
                        ctx.value("sequence")
                        yield(ctx.value())
                        yield(ctx.value())
                        yield(ctx.value())
                    }.iterator()
                    steps.next() shouldBe "sequence"
                    ctx.value() shouldBe "coroutine"
                    delay(1)
                    withContext(b.dispatcher) { steps.next() shouldBe "sequence" }
                    ctx.value() shouldBe "coroutine"
                    yield()
                    steps.next() shouldBe "sequence"
                    ctx.value() shouldBe "coroutine"
                }
                a.cellBetweenTasks() shouldBe null
                b.cellBetweenTasks() shouldBe null
            }
        }
    }

    context("withContext does not call copyForChild") {
        test("a withContext(Dispatchers.IO) block runs on the caller's own element, so its writes are seen after it") {
            withThreads(1) { (t) ->
                withContext(ContextElement()) {
                    val mine = currentCoroutineContext()[ContextElement]
                    withContext(t.dispatcher) {
                        currentCoroutineContext()[ContextElement] shouldBeSameInstanceAs mine
                        ctx.value("written inside the block")
                    }
                    ctx.value() shouldBe "written inside the block"
                }
                t.cellBetweenTasks() shouldBe null
            }
        }
    }

    context("scopes across suspension") {
        test("a scope opened before a suspension is open after it, on another thread, and closes there") {
            withThreads(2) { (a, b) ->
                withContext(ContextElement() + a.dispatcher) {
                    ctx.value("outer")
                    val scope = ctx.enter()
                    try {
                        ctx.value("in scope")
                        delay(1)
                        ctx.value() shouldBe "in scope"
                        withContext(b.dispatcher) {
                            ctx.value() shouldBe "in scope"
                            scope.close()
                            ctx.value() shouldBe "outer"
                        }
                    } finally {
                        scope.close()
                    }
                    ctx.value() shouldBe "outer"
                }
                a.cellBetweenTasks() shouldBe null
                b.cellBetweenTasks() shouldBe null
            }
        }

        test("a withContext child starting on another thread sees a scope the parent opened just before") {
            withThreads(2) { (a, b) ->
                withContext(ContextElement() + a.dispatcher) {
                    ctx.value("outer")
                    ctx.enter().use {
                        ctx.value("opened just before the hop")
                        withContext(b.dispatcher) {
                            ctx.value() shouldBe "opened just before the hop"
                            ctx.value("written on b")
                        }
                        ctx.value() shouldBe "written on b"
                    }
                    ctx.value() shouldBe "outer"
                }
            }
        }

        test("a scope cannot be closed by another coroutine, and closing it there changes nothing") {
            withContext(ContextElement()) {
                ctx.value("outer")
                val scope = ctx.enter()
                try {
                    ctx.value("in scope")
                    launch(Dispatchers.Default) {
                        shouldThrow<IllegalStateException> { scope.close() }
                    }.join()
                    ctx.value() shouldBe "in scope"
                } finally {
                    scope.close()
                }
                ctx.value() shouldBe "outer"
            }
        }
    }

    context("unconfined and immediate resumption") {
        test("an Unconfined child resumed inline inside complete() leaves the parent's context exactly as it was") {
            withContext(ContextElement()) {
                ctx.value("parent")
                val gate = CompletableDeferred<Unit>()
                var completing = false
                val resumedInline = CompletableDeferred<Boolean>()
                val childSaw = CompletableDeferred<Any?>()
                val child = launch(Dispatchers.Unconfined) {
                    ctx.value("child")
                    gate.await()
                    resumedInline.complete(completing)
                    childSaw.complete(ctx.value())
                    ctx.value("child after resume")
                }
                ctx.value() shouldBe "parent"
                val cellBefore = installedCell()
                ctx.value("parent again")
                completing = true
                gate.complete(Unit)
                completing = false
                installedCell() shouldBe cellBefore
                ctx.value() shouldBe "parent again"
                resumedInline.await() shouldBe true
                childSaw.await() shouldBe "child"
                child.join()
                ctx.value() shouldBe "parent again"
            }
        }

        test("an Unconfined parent resuming a child inline keeps both contexts apart") {
            withContext(ContextElement() + Dispatchers.Unconfined) {
                ctx.value("parent")
                val ping = CompletableDeferred<Unit>()
                val pong = CompletableDeferred<Unit>()
                val child = launch {
                    ctx.value("child")
                    ping.await()
                    ctx.value() shouldBe "child"
                    pong.complete(Unit)
                    ctx.value() shouldBe "child"
                }
                ping.complete(Unit)
                ctx.value() shouldBe "parent"
                pong.await()
                ctx.value() shouldBe "parent"
                child.join()
            }
        }
    }

    context("restore order under flowOn") {
        test("flowOn with an element, buffer, zip, combine and take keep values right and leave every thread clean") {
            withThreads(2) { (a, b) ->
                withContext(ContextElement() + a.dispatcher) {
                    ctx.value("collector")
                    fun upstream(name: String) = flow {
                        ctx.value(name)
                        repeat(3) {
                            yield()
                            withContext(b.dispatcher) { delay(1) }
                            emit("$name:${ctx.value()}")
                        }
                    }
                    val element = ContextElement(copyContext())
                    val checked: suspend (String) -> Unit = {
                        ctx.value() shouldBe "collector"
                        yield()
                    }
                    upstream("u").flowOn(element).collect { it shouldBe "u:u"; checked(it) }
                    upstream("u").flowOn(element).buffer(1).collect { it shouldBe "u:u"; checked(it) }
                    upstream("u").flowOn(element).take(2).toList() shouldBe List(2) { "u:u" }
                    upstream("x").flowOn(element).zip(upstream("y").flowOn(element)) { x, y -> "$x $y" }
                        .collect { it shouldBe "x:x y:y"; checked(it) }
                    combine(upstream("x").flowOn(element), upstream("y").flowOn(element)) { x, y -> "$x $y" }
                        .collect { checked(it) }
                    ctx.isolate(upstream("i")).take(2).collect { it shouldBe "i:i"; checked(it) }
                    ctx.value() shouldBe "collector"
                }
                a.cellBetweenTasks() shouldBe null
                b.cellBetweenTasks() shouldBe null
            }
        }

        test("an isolated flow collected by a coroutine without an element leaves nothing on the collector's thread") {
            withThreads(2) { (a, b) ->
                runBlocking(a.dispatcher) {
                    ctx.flow {
                        ctx.value("body")
                        repeat(3) {
                            delay(1)
                            withContext(b.dispatcher) { yield() }
                            emit(ctx.value())
                        }
                    }.collect {
                        it shouldBe "body"
                        ctx.value() shouldBe null
                        delay(1)
                    }
                    ctx.value() shouldBe null
                }
                a.cellBetweenTasks() shouldBe null
                b.cellBetweenTasks() shouldBe null
            }
        }
    }

    context("MDC is copied, not followed") {
        test("a value set inside a coroutine after it started survives the following suspensions and hops") {
            withThreads(2) { (a, b) ->
                withContext(ContextElement() + a.dispatcher) {
                    delay(1)
                    ctx.value("set mid-coroutine")
                    requestId.set("r-11")
                    delay(1)
                    ctx.value() shouldBe "set mid-coroutine"
                    withContext(b.dispatcher) { yield() }
                    ctx.value() shouldBe "set mid-coroutine"
                    requestId.get() shouldBe "r-11"
                }
            }
        }
    }
})
