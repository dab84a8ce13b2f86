package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.copyContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.zip
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.util.Collections

/**
 * Where the collector runs: the isolation must hold whether or not the collecting coroutine has its
 * own element. Without one, the collector's values are its thread's (as with a `ThreadLocal`), so
 * they do not follow it to another dispatcher: [hasElement] says whether to check that too.
 */
private class Collecting(val name: String, val hasElement: Boolean, val run: (suspend CoroutineScope.() -> Unit) -> Unit)

private val collectors = listOf(
    Collecting("a collector holding a ContextElement", true) { block -> runBlocking(ContextElement()) { block() } },
    Collecting("a collector without a ContextElement", false) { block -> copyContext().run { runBlocking { block() } } },
    Collecting("a collector holding a ContextElement under runTest", true) { block -> runTest(ContextElement()) { block() } },
    Collecting("a collector without a ContextElement under runTest", false) { block ->
        copyContext().run { runTest { block() } }
    },
)

class FlowIsolationSpec : FunSpec({
    val ctx = ContextLocal()

    for (collector in collectors) {
        context("with ${collector.name}") {
            val collecting = collector.run

            test("the body starts from the collector's values at collection start, and neither sees the other's writes") {
                collecting {
                    ctx.value("at-creation")
                    val body = ctx.flow {
                        ctx.value() shouldBe "at-collection"
                        ctx.value("body")
                        emit(1)
                        ctx.value() shouldBe "body"
                        delay(1)
                        emit(2)
                        ctx.value() shouldBe "body"
                    }
                    ctx.value("at-collection")
                    body.collect {
                        ctx.value() shouldBe if (it == 1) "at-collection" else "loop-1"
                        ctx.value("loop-$it")
                        yield()
                    }
                    ctx.value() shouldBe "loop-2"
                }
            }

            test("every collection starts from a fresh copy, whatever an earlier collection wrote") {
                collecting {
                    ctx.value(0)
                    val counter = ctx.flow {
                        val seen = ctx.value() as Int
                        ctx.value(seen + 1)
                        emit(seen)
                    }
                    counter.toList() shouldBe listOf(0)
                    counter.toList() shouldBe listOf(0)
                }
            }

            test("the body advances only while the collector waits for it, as a generator does") {
                collecting {
                    val log = mutableListOf<String>()
                    ctx.flow {
                        for (i in 1..3) {
                            log += "body $i"
                            emit(i)
                        }
                        log += "body done"
                    }.collect { log += "loop $it" }
                    log shouldContainExactly listOf("body 1", "loop 1", "body 2", "loop 2", "body 3", "loop 3", "body done")
                }
            }

            test("two interleaved collections of the same flow never see each other's values") {
                collecting {
                    val numbered = ctx.flow {
                        val mine = Any()
                        ctx.value(mine)
                        repeat(5) {
                            emit(ctx.value() === mine)
                            yield()
                        }
                    }
                    numbered.zip(numbered) { a, b -> a && b }.toList() shouldBe List(5) { true }
                }
            }

            test("body and collector keep their values across thread hops on both sides") {
                collecting {
                    ctx.value("collector")
                    ctx.flow {
                        ctx.value("body")
                        withContext(Dispatchers.IO) { ctx.value() shouldBe "body" }
                        emit(1)
                        withContext(Dispatchers.Default) { delay(1) }
                        ctx.value() shouldBe "body"
                        emit(2)
                    }.collect {
                        if (collector.hasElement) withContext(Dispatchers.IO) { ctx.value() shouldBe "collector" }
                        delay(1)
                        ctx.value() shouldBe "collector"
                    }
                    ctx.value() shouldBe "collector"
                }
            }

            test("flowOn and buffer, upstream or downstream of the isolation, keep body and collector apart") {
                collecting {
                    ctx.value("collector")
                    fun body(startsFrom: Any? = "collector") = ctx.flow {
                        ctx.value() shouldBe startsFrom
                        ctx.value("body")
                        repeat(3) { emit(ctx.value()) }
                    }
                    val upstream = flow {
                        ctx.value() shouldBe "collector"
                        ctx.value("upstream")
                        repeat(3) { emit(ctx.value()) }
                    }
                    // A downstream flowOn collects on another thread: only an element carries the values there.
                    val onIo = if (collector.hasElement) "collector" else null
                    body(startsFrom = onIo).flowOn(Dispatchers.IO).toList() shouldBe List(3) { "body" }
                    body().buffer(2).toList() shouldBe List(3) { "body" }
                    ctx.isolate(upstream.flowOn(Dispatchers.IO)).collect {
                        it shouldBe "upstream"
                        ctx.value() shouldBe "collector"
                    }
                    ctx.isolate(upstream.buffer(1)).collect {
                        it shouldBe "upstream"
                        ctx.value() shouldBe "collector"
                    }
                    body().buffer(0).collect { ctx.value() shouldBe "collector" }
                    ctx.value() shouldBe "collector"
                }
            }

            test("zip and combine of isolated flows keep each body and the collector apart") {
                collecting {
                    ctx.value("collector")
                    fun named(name: String) = ctx.flow {
                        ctx.value(name)
                        repeat(2) { yield(); emit("$name:${ctx.value()}") }
                    }
                    named("a").zip(named("b")) { x, y -> "$x $y" }.collect {
                        it shouldBe "a:a b:b"
                        ctx.value() shouldBe "collector"
                    }
                    val combined = combine(named("a"), named("b")) { x, y -> "$x $y" }.toList()
                    combined.last() shouldBe "a:a b:b"
                    ctx.value() shouldBe "collector"
                }
            }

            test("when the collector stops early the body's finally runs in the body's context") {
                collecting {
                    ctx.value("collector")
                    val seenInFinally = CompletableDeferred<Any?>()
                    ctx.flow {
                        ctx.value("body")
                        try {
                            repeat(10) { emit(it) }
                        } finally {
                            seenInFinally.complete(ctx.value())
                        }
                    }.take(2).collect { ctx.value() shouldBe "collector" }
                    seenInFinally.await() shouldBe "body"
                    ctx.value() shouldBe "collector"
                }
            }

            test("when the collection is cancelled the body's finally runs in the body's context") {
                collecting {
                    ctx.value("collector")
                    val seenInFinally = CompletableDeferred<Any?>()
                    val emitted = CompletableDeferred<Unit>()
                    val job = launch {
                        ctx.flow {
                            ctx.value("body")
                            try {
                                emit(1)
                                awaitCancellation()
                            } finally {
                                seenInFinally.complete(ctx.value())
                            }
                        }.collect { emitted.complete(Unit) }
                    }
                    emitted.await()
                    job.cancelAndJoin()
                    seenInFinally.await() shouldBe "body"
                    ctx.value() shouldBe "collector"
                }
            }

            test("an exception thrown by the collector reaches the caller after the body's finally ran in the body's context") {
                collecting {
                    ctx.value("collector")
                    val seenInFinally = CompletableDeferred<Any?>()
                    shouldThrow<IllegalStateException> {
                        ctx.flow {
                            ctx.value("body")
                            try {
                                emit(1)
                            } finally {
                                seenInFinally.complete(ctx.value())
                            }
                        }.collect { error("collector failed") }
                    }.message shouldBe "collector failed"
                    seenInFinally.await() shouldBe "body"
                    ctx.value() shouldBe "collector"
                }
            }

            test("an exception thrown by the body reaches the collector with the collector's values intact") {
                collecting {
                    ctx.value("collector")
                    val received = Collections.synchronizedList(mutableListOf<Int>())
                    shouldThrow<IllegalArgumentException> {
                        ctx.flow {
                            ctx.value("body")
                            emit(1)
                            yield()
                            throw IllegalArgumentException("body failed")
                        }.collect { received += it }
                    }.message shouldBe "body failed"
                    received shouldBe listOf(1)
                    ctx.value() shouldBe "collector"
                }
            }

            test("an isolated flow emitted from inside another flow keeps the flow invariant") {
                collecting {
                    ctx.value("collector")
                    val inner = ctx.flow { ctx.value("inner"); emit(ctx.value()) }
                    val outer = flow {
                        emit(ctx.value())
                        inner.collect { emit(it) }
                        emit(ctx.value())
                    }
                    outer.map { "$it" }.toList() shouldBe listOf("collector", "inner", "collector")
                }
            }
        }
    }

    test("each collection's body writes stay in it also for flows collected by many coroutines at once") {
        runBlocking(ContextElement() + Dispatchers.Default) {
            val body = ctx.flow {
                val mine = Any()
                ctx.value(mine)
                repeat(10) {
                    yield()
                    emit(ctx.value() === mine)
                }
            }
            val collected = List(50) { i ->
                launch {
                    ctx.value(i)
                    body.collect { it shouldBe true; ctx.value() shouldBe i }
                }
            }
            collected.forEach { it.join() }
        }
    }
})
