package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random

/** The asyncio examples of the Python library's usage guide, as coroutines. */
class PythonGuideExamplesSpec : FunSpec({

    test("ten tasks gathered together each keep their own value across suspension") {
        val ctx = ContextLocal()
        withContext(ContextElement() + Dispatchers.Default) {
            suspend fun task(value: Int): Any? {
                ctx.setAttribute("value", value)
                delay(0)
                yield()
                return ctx.getAttribute("value")
            }
            (0 until 10).map { async { task(it) } }.awaitAll() shouldBe (0 until 10).toList()
            ctx.hasAttribute("value") shouldBe false
        }
    }

    test("each request handled by its own task logs its own request id from every nested call") {
        val requestId = ContextVar<String>("request_id")
        val log = Collections.synchronizedList(mutableListOf<Pair<Int, String>>())
        suspend fun audit(request: Int) {
            delay(Random.nextLong(0, 3))
            log += request to requestId.get()
        }
        suspend fun handle(request: Int) {
            requestId.set("req-$request")
            audit(request)
            withContext(Dispatchers.IO) { audit(request) }
            coroutineScope { launch { audit(request) } }
        }
        withContext(ContextElement() + Dispatchers.Default) {
            (1..20).map { launch { handle(it) } }.forEach { it.join() }
            requestId.isSet() shouldBe false
        }
        log.size shouldBe 60
        log.forEach { (request, id) -> id shouldBe "req-$request" }
    }

    test("an isolated coroutine's changes are invisible to its caller, an undecorated one's are visible") {
        val ctx = ContextLocal()
        suspend fun isolatedExample() = withContext(ctx.element()) {
            ctx.setAttribute("value", 2)
            delay(1)
            ctx.getAttribute("value") shouldBe 2
        }
        suspend fun undecoratedExample() {
            ctx.setAttribute("value", 3)
            delay(1)
        }
        withContext(ContextElement()) {
            ctx.setAttribute("value", 1)
            isolatedExample()
            ctx.getAttribute("value") shouldBe 1
            undecoratedExample()
            ctx.getAttribute("value") shouldBe 3
        }
    }

    test("an isolated async generator keeps its values beside the loop body that consumes it") {
        val ctx = ContextLocal()
        val generator = ctx.flow {
            ctx.setAttribute("value", "generator")
            for (i in 0 until 3) {
                emit(i)
                ctx.getAttribute("value") shouldBe "generator"
            }
        }
        withContext(ContextElement()) {
            ctx.setAttribute("value", "loop")
            val seen = mutableListOf<Any?>()
            generator.collect { i ->
                seen += ctx.getAttribute("value")
                ctx.setAttribute("value", "loop $i")
                delay(1)
            }
            seen shouldContainExactly listOf("loop", "loop 0", "loop 1")
            ctx.getAttribute("value") shouldBe "loop 2"
        }
    }

    test("ten async generator instances advanced in step each keep their own value") {
        val ctx = ContextLocal()
        val results = Collections.synchronizedList(mutableListOf<Any?>())
        val firstSteps = AtomicInteger()
        val allStepped = CompletableDeferred<Unit>()
        val secondStep = CompletableDeferred<Unit>()
        fun contextedGenerator(value: Int) = ctx.flow {
            ctx.setAttribute("value", value)
            emit(Unit)
            secondStep.await()
            results += ctx.getAttribute("value")
        }
        withContext(ContextElement() + Dispatchers.Default) {
            val generators = (0 until 10).map { i ->
                launch {
                    contextedGenerator(i).collect { if (firstSteps.incrementAndGet() == 10) allStepped.complete(Unit) }
                }
            }
            allStepped.await()
            secondStep.complete(Unit)
            generators.forEach { it.join() }
        }
        results.sortedBy { it as Int } shouldBe (0 until 10).toList()
    }

    test("blocking code run in a ContextPreservingExecutor sees the context of the task that sent it") {
        val ctx = ContextLocal()
        fun syncPart(): Any? = ctx.getAttribute("value")
        ContextPreservingExecutor(4).use { executor ->
            val seen = Collections.synchronizedMap(mutableMapOf<Int, Any?>())
            withContext(ContextElement()) {
                coroutineScope {
                    for (value in 0 until 10) {
                        launch(Dispatchers.Default) {
                            ctx.setAttribute("value", value)
                            // loop.run_in_executor(executor, sync_part): the pool, not the coroutine, runs it.
                            seen[value] = CompletableFuture.supplyAsync({ syncPart() }, executor).await()
                        }
                    }
                }
            }
            seen shouldBe (0 until 10).associateWith { it }
        }
    }
})
