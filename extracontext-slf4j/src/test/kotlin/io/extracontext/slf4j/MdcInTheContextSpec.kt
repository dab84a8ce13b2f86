package io.extracontext.slf4j

import io.extracontext.ContextLocal
import io.extracontext.ContextPreservingExecutor
import io.extracontext.ContextVar
import io.extracontext.coroutines.ContextElement
import io.extracontext.coroutines.flow
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.slf4j.MDCContext
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.slf4j.MDC
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * SLF4J's `MDC`, with [ExtraContextServiceProvider] selected, follows every propagation form exactly
 * as a `ContextVar` does, one test per form. Every test runs in a copy of the context
 * (a `ContextElement` or an isolated block), so the test thread keeps nothing.
 */
class MdcInTheContextSpec : FunSpec({

    test("the MDC adapter is the provider's, not a thread-local one") {
        MDC.getMDCAdapter().javaClass.name shouldBe "io.extracontext.slf4j.LogbackContextMdcAdapter"
    }

    test("a coroutine with a ContextElement keeps an MDC.put across delay, yield and withContext(Dispatchers.IO)") {
        withContext(Dispatchers.Default + ContextElement()) {
            MDC.put("requestId", "r-1")
            delay(1)
            MDC.get("requestId") shouldBe "r-1"
            yield()
            MDC.get("requestId") shouldBe "r-1"
            withContext(Dispatchers.IO) {
                MDC.get("requestId") shouldBe "r-1"
                MDC.put("step", "io")                   // the same execution: kept after it
            }
            MDC.get("requestId") shouldBe "r-1"
            MDC.get("step") shouldBe "io"
        }
    }

    test("a child coroutine starts from a copy of its parent's MDC and its puts stay its own") {
        withContext(Dispatchers.Default + ContextElement()) {
            MDC.put("requestId", "parent")
            val seen = async {
                val atStart = MDC.get("requestId")
                MDC.put("requestId", "child")
                MDC.put("childOnly", "x")
                delay(1)
                atStart to MDC.get("requestId")
            }.await()
            seen shouldBe ("parent" to "child")
            MDC.get("requestId") shouldBe "parent"
            MDC.get("childOnly").shouldBeNull()
        }
    }

    test("ctx.run, ctx.enter and ctx.wrap keep their MDC puts to themselves") {
        val ctx = ContextLocal()
        ContextLocal().run {
            MDC.put("requestId", "outer")
            ctx.run {
                MDC.get("requestId") shouldBe "outer"
                MDC.put("requestId", "in-run")
            }
            MDC.get("requestId") shouldBe "outer"
            ctx.enter().use {
                MDC.put("requestId", "in-enter")
                MDC.get("requestId") shouldBe "in-enter"
            }
            MDC.get("requestId") shouldBe "outer"
            val wrapped = ctx.wrap { MDC.put("requestId", "in-wrap"); MDC.get("requestId") }
            wrapped() shouldBe "in-wrap"
            MDC.get("requestId") shouldBe "outer"
        }
    }

    test("an isolated sequence keeps its MDC puts to itself between steps") {
        val ctx = ContextLocal()
        ContextLocal().run {
            MDC.put("requestId", "caller")
            val steps = ctx.sequence {
                MDC.put("requestId", "sequence")
                yield(MDC.get("requestId"))
                MDC.put("step", "2")
                yield(MDC.get("requestId") + "/" + MDC.get("step"))
            }
            val seen = ArrayList<String?>()
            for (value in steps) {
                seen.add(value)
                MDC.get("requestId") shouldBe "caller"   // between steps: the caller's own MDC
                MDC.get("step").shouldBeNull()
            }
            seen shouldContainExactly listOf("sequence", "sequence/2")
        }
    }

    test("an isolated flow with flowOn and buffer keeps its MDC puts to itself") {
        val ctx = ContextLocal()
        withContext(ContextElement()) {
            MDC.put("requestId", "collector")
            val values = ctx.flow {
                val atStart = MDC.get("requestId")
                MDC.put("requestId", "flow")
                emit("$atStart>${MDC.get("requestId")}")
                delay(1)
                emit(MDC.get("requestId"))
            }.flowOn(Dispatchers.IO).buffer(4).toList()
            values shouldContainExactly listOf("collector>flow", "flow")
            MDC.get("requestId") shouldBe "collector"
        }
    }

    test("ContextPreservingExecutor tasks see the submitter's MDC and leave nothing on the worker") {
        val raw = Executors.newSingleThreadExecutor()
        try {
            val pool = ContextPreservingExecutor.wrap(raw)
            ContextLocal().run {
                MDC.put("requestId", "submitter")
                val seen = pool.submit(
                    Callable {
                        val s = MDC.get("requestId")
                        MDC.put("requestId", "task")
                        MDC.put("taskOnly", "x")
                        s
                    },
                ).get(10, TimeUnit.SECONDS)
                seen shouldBe "submitter"
                MDC.get("requestId") shouldBe "submitter"
            }
            // The same worker thread, outside any task of ours: nothing stayed.
            raw.submit(Callable { MDC.getCopyOfContextMap() }).get(10, TimeUnit.SECONDS) shouldBe emptyMap()
        } finally {
            raw.shutdownNow()
            raw.awaitTermination(10, TimeUnit.SECONDS)
        }
    }

    test("clear() clears only the current context's MDC") {
        withContext(Dispatchers.Default + ContextElement()) {
            MDC.put("requestId", "kept")
            val sibling = CompletableDeferred<Unit>()
            val other = async {
                sibling.await()
                MDC.get("requestId")                    // a copy taken before the clear below
            }
            launch { MDC.clear(); MDC.get("requestId").shouldBeNull() }.join()
            ContextLocal().run { MDC.clear() }
            MDC.get("requestId") shouldBe "kept"
            MDC.clear()
            MDC.get("requestId").shouldBeNull()
            sibling.complete(Unit)
            other.await() shouldBe "kept"
        }
    }

    test("the deque methods act on the current context's stacks") {
        val adapter = MDC.getMDCAdapter()
        withContext(Dispatchers.Default + ContextElement()) {
            MDC.pushByKey("op", "load")
            launch {
                MDC.pushByKey("op", "parse")
                adapter.getCopyOfDequeByKey("op").toList() shouldContainExactly listOf("parse", "load")
                MDC.popByKey("op") shouldBe "parse"
                adapter.clearDequeByKey("op")
                adapter.getCopyOfDequeByKey("op").shouldBeNull()
            }.join()
            adapter.getCopyOfDequeByKey("op").toList() shouldContainExactly listOf("load")
            val copy = adapter.getCopyOfDequeByKey("op")
            copy.push("mutated copy")
            MDC.popByKey("op") shouldBe "load"
            MDC.popByKey("op").shouldBeNull()
        }
    }

    test("an MDC.put is lost at the next suspension with kotlinx MDCContext, and kept with a ContextElement") {
        // kotlinx's MDCContext installs the map it captured at every resume (by design,
        // kotlinx.coroutines#3280): a put made inside the coroutine lives only in the thread's MDC,
        // so once the coroutine suspends and goes on on another thread, it is gone. Two
        // single-thread dispatchers make "another thread" certain.
        val first = Executors.newSingleThreadExecutor { Thread(it, "first") }
        val second = Executors.newSingleThreadExecutor { Thread(it, "second") }
        try {
            val d1 = first.asCoroutineDispatcher()
            val d2 = second.asCoroutineDispatcher()
            val withMdcContext = withContext(d1 + MDCContext(mapOf("requestId" to "r-1"))) {
                MDC.put("user", "alice")
                withContext(d2) { MDC.get("requestId") to MDC.get("user") }
            }
            withMdcContext shouldBe ("r-1" to null)

            val withOurs = withContext(d1 + ContextElement()) {
                MDC.put("requestId", "r-1")
                MDC.put("user", "alice")
                withContext(d2) { MDC.get("requestId") to MDC.get("user") }
            }
            withOurs shouldBe ("r-1" to "alice")
        } finally {
            first.shutdownNow()
            second.shutdownNow()
            first.awaitTermination(10, TimeUnit.SECONDS)
            second.awaitTermination(10, TimeUnit.SECONDS)
        }
    }

    test("a bound variable shows under its key; MDC.put shadows it in that context and remove shows it again") {
        val user = ContextVar<String>("user")
        ContextMdc.bind("user", user)
        try {
            ContextLocal().run {
                MDC.get("user").shouldBeNull()          // no value: absent
                user.set("alice")
                MDC.get("user") shouldBe "alice"
                MDC.getCopyOfContextMap() shouldBe mapOf("user" to "alice")
                MDC.put("user", "bob")
                MDC.get("user") shouldBe "bob"
                user.get() shouldBe "alice"             // the variable is untouched
                MDC.remove("user")
                MDC.get("user") shouldBe "alice"
                MDC.clear()
                MDC.get("user") shouldBe "alice"        // clear() removes entries, not the variable's value
            }
        } finally {
            ContextMdc.unbind("user")
        }
        ContextLocal().run { MDC.get("user").shouldBeNull() }
    }

    test("setContextMap(getCopyOfContextMap()) round-trips without pinning a bound variable") {
        val user = ContextVar<String>("user")
        ContextMdc.bind("user", user)
        try {
            ContextLocal().run {
                user.set("alice")
                MDC.put("requestId", "r-1")
                val saved = MDC.getCopyOfContextMap()
                MDC.clear()
                MDC.setContextMap(saved)
                MDC.get("requestId") shouldBe "r-1"
                user.set("carol")
                MDC.get("user") shouldBe "carol"        // still the variable's, not a stored "alice"
            }
        } finally {
            ContextMdc.unbind("user")
        }
    }

    test("a copy restored where the bound variable shows another value keeps the copied value as an entry") {
        val user = ContextVar<String>("user")
        ContextMdc.bind("user", user)
        try {
            val saved = ContextLocal().run { user.set("alice"); MDC.getCopyOfContextMap() }
            saved shouldBe mapOf("user" to "alice")
            ContextLocal().run {
                user.set("bob")
                MDC.setContextMap(saved)
                MDC.get("user") shouldBe "alice"            // the copy's value, stored: the variable shows bob
                user.get() shouldBe "bob"
            }
        } finally {
            ContextMdc.unbind("user")
        }
    }

    test("binding or unbinding a null key: bind refuses it saying so, unbind changes nothing") {
        val user = ContextVar<String>("user")
        shouldThrow<IllegalArgumentException> { ContextMdc.bind(null, user) }.message shouldContain "null key"
        ContextMdc.unbind(null)
        ContextLocal().run { MDC.getCopyOfContextMap() shouldBe emptyMap() }
    }

    test("getCopyOfContextMap returns a copy the caller may change without changing the MDC") {
        ContextLocal().run {
            MDC.put("requestId", "r-1")
            val copy = MDC.getCopyOfContextMap()
            copy["requestId"] = "changed"
            copy["added"] = "x"
            MDC.get("requestId") shouldBe "r-1"
            MDC.get("added").shouldBeNull()
        }
    }

    test("a null key is refused on put with a message that says so, and ignored on reads and removals") {
        val adapter = MDC.getMDCAdapter()
        ContextLocal().run {
            // SLF4J's MDC refuses null keys itself; the adapter refuses them too, for direct callers.
            shouldThrow<IllegalArgumentException> { MDC.put(null, "v") }
            val e = shouldThrow<IllegalArgumentException> { adapter.put(null, "v") }
            e.message shouldContain "null"
            e.message shouldContain "non-null key"
            shouldThrow<IllegalArgumentException> { adapter.pushByKey(null, "v") }
            adapter.get(null).shouldBeNull()
            adapter.remove(null)
            adapter.popByKey(null).shouldBeNull()
            adapter.getCopyOfDequeByKey(null).shouldBeNull()
            MDC.getCopyOfContextMap() shouldBe emptyMap()
        }
    }

    test("setContextMap skips entries that are not String keys instead of throwing") {
        ContextLocal().run {
            @Suppress("UNCHECKED_CAST")
            val raw = hashMapOf<Any?, Any?>(null to "a", 42 to "b", "ok" to 7) as Map<String, String>
            MDC.setContextMap(raw)
            MDC.getCopyOfContextMap() shouldBe mapOf("ok" to "7")
        }
    }
})
