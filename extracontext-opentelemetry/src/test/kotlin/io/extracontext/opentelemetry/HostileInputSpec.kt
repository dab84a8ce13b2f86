package io.extracontext.opentelemetry

import io.extracontext.ContextVar
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.context.Context
import java.util.logging.Level

/** The baggage header comes from another process: every case here is one a hostile peer can send. */
class HostileInputSpec : FunSpec({
    val requestId = ContextVar<String>("requestId")
    val tenant = ContextVar<String>("tenant")
    val count = ContextVar<Int>("count")
    fun newPropagator() = ContextVarPropagator.builder()
        .add(requestId, "request-id")
        .add(tenant, "tenant")
        .add(count, "count", { it.toString() }, { it.toInt().also { n -> require(n >= 0) { "negative count" } } })
        .build()

    /** Extracts [header] three times and returns what the variables held, and the baggage, in the extracted scope. */
    fun seen(p: ContextVarPropagator, header: String): Pair<Map<String, Any?>, Map<String, String>> {
        lateinit var result: Pair<Map<String, Any?>, Map<String, String>>
        repeat(3) {
            val extracted = p.extract(Context.root(), mapOf("baggage" to header), MapGetter)
            ContextVarPropagator.enterValues(extracted).use {
                result = mapOf("request-id" to requestId.getOrNull(), "tenant" to tenant.getOrNull(), "count" to count.getOrNull()) to
                    Baggage.fromContext(extracted).asMap().mapValues { it.value.value }
            }
        }
        requestId.isSet() shouldBe false
        return result
    }

    fun onlyOnce(records: List<java.util.logging.LogRecord>, text: String) {
        val matching = records.filter { it.message.contains(text) }
        matching shouldHaveSize 1
        matching.single().level.intValue() shouldBe Level.FINE.intValue()
    }

    test("malformed members are skipped, the well-formed ones kept, and it is logged once at FINE") {
        capturingLog { log ->
            val (vars, baggage) = seen(newPropagator(), "garbage,=novalue,request-id=r-1,tenant,bad key=x,team=blue")
            vars shouldBe mapOf("request-id" to "r-1", "tenant" to null, "count" to null)
            baggage shouldBe mapOf("team" to "blue")
            onlyOnce(log, "malformed member")
        }
    }

    test("a bad percent-encoding or bytes that are not UTF-8 skip that member only") {
        capturingLog { log ->
            val (vars, _) = seen(newPropagator(), "request-id=r%2,tenant=%FF%FE,count=%3")
            vars shouldBe mapOf("request-id" to null, "tenant" to null, "count" to null)
            val (vars2, _) = seen(newPropagator(), "request-id=%zz1,tenant=ok%41")
            vars2 shouldBe mapOf("request-id" to null, "tenant" to "okA", "count" to null)
            log.count { it.message.contains("bad percent-encoding") } shouldBe 2   // once per propagator
        }
    }

    test("more than 64 members: the first 64 are read, the rest skipped, logged once") {
        capturingLog { log ->
            val header = (1..70).joinToString(",") { "k$it=v$it" } + ",request-id=late"
            val (vars, baggage) = seen(newPropagator(), header)
            baggage.size shouldBe 64
            vars["request-id"] shouldBe null
            onlyOnce(log, "more than 64 members")
        }
    }

    test("a header over 8192 bytes: the members within the limit are read, the one crossing it and the rest skipped") {
        capturingLog { log ->
            val header = "request-id=r-1," + "pad=" + "x".repeat(8200) + ",tenant=t-1"
            val (vars, baggage) = seen(newPropagator(), header)
            vars shouldBe mapOf("request-id" to "r-1", "tenant" to null, "count" to null)
            baggage shouldBe emptyMap()
            onlyOnce(log, "longer than 8192 bytes")
        }
    }

    test("a value the variable's decoder rejects is skipped, the other variables still set") {
        capturingLog { log ->
            val (vars, _) = seen(newPropagator(), "count=-5,request-id=r-2")
            vars shouldBe mapOf("request-id" to "r-2", "tenant" to null, "count" to null)
            val (vars2, _) = seen(newPropagator(), "count=notanumber")
            vars2["count"] shouldBe null
            log.count { it.message.contains("rejected by the decoder") && it.level == Level.FINE } shouldBe 2
        }
    }

    test("keys that were not added set no variable: they stay OpenTelemetry baggage") {
        val other = ContextVar<String>("other")
        val (vars, baggage) = seen(newPropagator(), "other=o,requestid=x,Request-Id=y")
        vars shouldBe mapOf("request-id" to null, "tenant" to null, "count" to null)
        other.isSet() shouldBe false
        baggage shouldBe mapOf("other" to "o", "requestid" to "x", "Request-Id" to "y")
    }

    test("CR, LF and other header-injection attempts in a received value are skipped, never set") {
        val (vars, baggage) = seen(newPropagator(), "request-id=r-1\r\nX-Admin: true,tenant=a\"b,count=1 2,team=ok;p=1\r\nX: y")
        vars shouldBe mapOf("request-id" to null, "tenant" to null, "count" to null)
        baggage shouldBe emptyMap()
        val (vars2, _) = seen(newPropagator(), "request-id=r%0D%0AX-Admin:%20true")
        vars2["request-id"] shouldBe "r\r\nX-Admin: true"   // decoded text is data, never a header
    }

    test("values with CR/LF are percent-encoded on the way out, so no header can be injected") {
        val out = HashMap<String, String>()
        requestId.withValue("r\r\nX-Admin: true") { newPropagator().inject(Context.root(), out, MapSetter) }
        out.getValue("baggage") shouldBe "request-id=r%0D%0AX-Admin:%20true"
        out.getValue("baggage") shouldNotContain "\n"
    }

    test("a 1 MB header is cut at 8192 bytes quickly, never throws, and the members before the cut are read") {
        val header = "request-id=r-big," + "a".repeat(1 shl 20)
        val started = System.nanoTime()
        val (vars, _) = seen(newPropagator(), header)
        vars["request-id"] shouldBe "r-big"
        (System.nanoTime() - started < 2_000_000_000L) shouldBe true
        val (vars2, _) = seen(newPropagator(), ",".repeat(1 shl 20))
        vars2["request-id"] shouldBe null
    }

    test("an empty, blank or null header changes nothing and throws nothing") {
        val p = newPropagator()
        p.extract(Context.root(), mapOf("baggage" to ""), MapGetter) shouldBe Context.root()
        p.extract(Context.root(), emptyMap(), MapGetter) shouldBe Context.root()
        p.extract(null, null, null) shouldBe Context.root()
        seen(p, " , ,\t").first["request-id"] shouldBe null
    }

    test("an outgoing value too long for the header is dropped with a warning, once, and the others are still sent") {
        capturingLog { log ->
            val p = newPropagator()
            repeat(3) {
                val out = HashMap<String, String>()
                requestId.withValue("x".repeat(9000)) { tenant.withValue("t-1") { p.inject(Context.root(), out, MapSetter) } }
                out shouldBe mapOf("baggage" to "tenant=t-1")
            }
            val warnings = log.filter { it.level == Level.WARNING }
            warnings shouldHaveSize 1
            warnings.single().message shouldContain "requestId"
        }
    }

    test("an encoder that throws drops that value with a warning instead of failing the request") {
        val broken = ContextVarPropagator.builder().add(count, "count", { error("cannot encode") }, { it.toInt() }).add(tenant, "tenant").build()
        val out = HashMap<String, String>()
        capturingLog { log ->
            count.withValue(1) { tenant.withValue("t") { broken.inject(Context.root(), out, MapSetter) } }
            log.single { it.level == Level.WARNING }.message shouldContain "count"
        }
        out shouldBe mapOf("baggage" to "tenant=t")
    }
})
