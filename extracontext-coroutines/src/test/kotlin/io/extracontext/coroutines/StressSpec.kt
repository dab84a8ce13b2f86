package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random

class StressSpec : FunSpec({

    test("ten thousand coroutines on Dispatchers.Default keep their own values through random suspensions and dispatcher changes") {
        val ctx = ContextLocal()
        val id = ContextVar<Int>("id")
        val mismatches = AtomicInteger()
        val checks = AtomicInteger()
        Executors.newFixedThreadPool(3).asCoroutineDispatcher().use { pool ->
            withContext(ContextElement() + Dispatchers.Default) {
                ctx.setAttribute("owner", "parent")
                coroutineScope {
                    repeat(10_000) { i ->
                        launch {
                            val random = Random(i) // seeded: every run takes the same path per coroutine
                            id.set(i)
                            ctx.setAttribute("owner", i)
                            repeat(6) {
                                when (random.nextInt(6)) {
                                    0 -> yield()
                                    1 -> delay(random.nextLong(0, 3))
                                    2 -> withContext(Dispatchers.IO) { yield() }
                                    3 -> withContext(pool) { delay(1) }
                                    4 -> withContext(ctx.element()) { ctx.setAttribute("owner", -i); yield() }
                                    else -> withContext(Dispatchers.Unconfined) { yield() }
                                }
                                checks.incrementAndGet()
                                if (id.get() != i || ctx.getAttribute("owner") != i) mismatches.incrementAndGet()
                            }
                        }
                    }
                }
                ctx.getAttribute("owner") shouldBe "parent"
                id.isSet() shouldBe false
            }
        }
        checks.get() shouldBe 60_000
        mismatches.get() shouldBe 0
    }
})
