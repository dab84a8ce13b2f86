package io.extracontext.log4j2

import io.extracontext.ContextVar
import io.extracontext.copyContext
import io.extracontext.coroutines.ContextElement
import io.extracontext.spi.DiagnosticContext
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.apache.logging.log4j.ThreadContext
import org.apache.logging.log4j.util.ReadOnlyStringMap
import org.apache.logging.log4j.util.SortedArrayStringMap
import org.apache.logging.log4j.util.StringMap
import org.slf4j.LoggerFactory
import org.slf4j.MDC
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.ObjectInputStream
import java.io.ObjectOutputStream

/** Bound variables, SLF4J's MDC through log4j-slf4j2-impl, the event data handed to Log4j2, and every misuse. */
class BindingsAndMisuseSpec : FunSpec({
    val user = ContextVar<String>("log4j2-spec-user")
    val map = ContextThreadContextMap()

    test("a bound variable shows in every event's context data and in %X, an entry put under its key shadows it, remove shows it again") {
        ContextThreadContext.bind("user", user)
        try {
            Capture("%X{user}|%m").use { capture ->
                copyContext().run {
                    capture.logger.info("unset")
                    user.set("alice")
                    capture.logger.info("bound")
                    ThreadContext.get("user") shouldBe "alice"
                    ThreadContext.put("user", "put-by-mdc-code")
                    capture.logger.info("shadowed")
                    ThreadContext.remove("user")
                    capture.logger.info("shown again")
                }
                capture.texts() shouldContainExactly listOf("|unset", "alice|bound", "put-by-mdc-code|shadowed", "alice|shown again")
                capture.lines.map { it.contextData["user"] } shouldContainExactly listOf(null, "alice", "put-by-mdc-code", "alice")
            }
        } finally {
            ContextThreadContext.unbind("user")
        }
        DiagnosticContext.boundVariable("user").shouldBeNull()
    }

    test("getContext (the snapshot SLF4J's MDC.getCopyOfContextMap takes) shows bound values, and restoring it never stores a bound value") {
        ContextThreadContext.bind("user", user)
        try {
            copyContext().run {
                user.set("alice")
                ThreadContext.put("requestId", "r-1")
                ThreadContext.getImmutableContext() shouldBe mapOf("requestId" to "r-1", "user" to "alice")
                val saved = MDC.getCopyOfContextMap()
                saved shouldBe mapOf("requestId" to "r-1", "user" to "alice")
                MDC.setContextMap(saved)
                DiagnosticContext.ownEntries() shouldBe mapOf("requestId" to "r-1")
                user.set("bob")
                ThreadContext.get("user") shouldBe "bob"
            }
        } finally {
            ContextThreadContext.unbind("user")
        }
    }

    test("a copy restored where the bound variable shows another value keeps the copied value as an entry") {
        ContextThreadContext.bind("user", user)
        try {
            val saved = copyContext().run { user.set("alice"); ThreadContext.getContext() }
            saved shouldBe mapOf("user" to "alice")
            copyContext().run {
                user.set("bob")
                ThreadContext.clearMap()
                ThreadContext.putAll(saved)
                ThreadContext.get("user") shouldBe "alice"     // the copy's value, stored: the variable shows bob
                user.get() shouldBe "bob"
            }
        } finally {
            ContextThreadContext.unbind("user")
        }
    }

    test("SLF4J MDC calls routed through log4j-slf4j2-impl land in the current context and follow the coroutine") {
        Capture().use { capture ->
            val slf4j = LoggerFactory.getLogger(capture.name)
            withContext(Dispatchers.Default + ContextElement()) {
                MDC.put("requestId", "via-slf4j")
                withContext(Dispatchers.IO) { slf4j.info("on IO") }
                ThreadContext.get("requestId") shouldBe "via-slf4j"
                MDC.remove("requestId")
                slf4j.info("removed")
            }
            MDC.get("requestId").shouldBeNull()
            capture.texts() shouldContainExactly listOf("via-slf4j|on IO", "|removed")
        }
    }

    test("an event's context data is a frozen view of the snapshot: later puts do not change it and writes to it are refused") {
        copyContext().run {
            ThreadContext.put("requestId", "r-1")
            val data: StringMap = map.readOnlyContextData
            ThreadContext.put("requestId", "r-2")
            data.getValue<String>("requestId") shouldBe "r-1"
            data.isFrozen shouldBe true
            data.size() shouldBe 1
            data.containsKey(null) shouldBe false
            data.getValue<String?>(null).shouldBeNull()
            val seen = mutableListOf<String>()
            data.forEach<String> { k, v -> seen += "$k=$v" }
            data.forEach<String, MutableList<String>>({ k, v, s -> s += "$k:$v" }, seen)
            seen shouldContainExactly listOf("requestId=r-1", "requestId:r-1")
            val copy = SortedArrayStringMap().apply { putValue("requestId", "r-1") }
            (data == copy as ReadOnlyStringMap) shouldBe true
            data.hashCode() shouldBe mapOf("requestId" to "r-1").hashCode()
            shouldThrow<UnsupportedOperationException> { data.putValue("x", "y") }.message shouldContain "frozen snapshot"
            shouldThrow<UnsupportedOperationException> { data.remove("requestId") }
            shouldThrow<UnsupportedOperationException> { data.clear() }
            shouldThrow<UnsupportedOperationException> { data.putAll(copy) }
            data.toMap().apply { put("mutable", "copy") } shouldBe mapOf("requestId" to "r-1", "mutable" to "copy")
        }
    }

    test("log4j-core hands each logged event the frozen snapshot itself, not a copy") {
        Capture().use { capture ->
            copyContext().run {
                ThreadContext.put("requestId", "r-event")
                capture.logger.info("one")
            }
            capture.lines.single().contextDataClass shouldBe "io.extracontext.log4j2.FrozenContextData"
            capture.lines.single().contextData shouldBe mapOf("requestId" to "r-event")
        }
    }

    test("an event's context data serializes as Log4j2's own frozen map with the same entries") {
        copyContext().run {
            ThreadContext.put("requestId", "r-ser")
            val bytes = ByteArrayOutputStream().also { ObjectOutputStream(it).use { o -> o.writeObject(map.readOnlyContextData) } }
            val back = ObjectInputStream(ByteArrayInputStream(bytes.toByteArray())).use { it.readObject() } as StringMap
            back.getValue<String>("requestId") shouldBe "r-ser"
            back.isFrozen shouldBe true
        }
    }

    test("a null key: put and putAll refuse it with a message saying what to do; reads and removals ignore it") {
        copyContext().run {
            shouldThrow<IllegalArgumentException> { ThreadContext.put(null, "v") }.message shouldContain "null key"
            shouldThrow<IllegalArgumentException> { ThreadContext.putAll(hashMapOf(null to "v", "k" to "w")) }
                .message shouldContain "remove that entry"
            ThreadContext.containsKey("k") shouldBe false
            ThreadContext.get(null).shouldBeNull()
            ThreadContext.containsKey(null) shouldBe false
            ThreadContext.remove(null)
            ThreadContext.removeAll(listOf(null, "k"))
            ThreadContext.putAll(null)
            ThreadContext.isEmpty() shouldBe true
            shouldThrow<IllegalArgumentException> { ContextThreadContext.bind(null, user) }.message shouldContain "null key"
            ContextThreadContext.unbind(null)
        }
    }

    test("a map whose extracontext core cannot be loaded fails with a message naming the missing jar, which Log4j2 logs before using its default map") {
        val e = shouldThrow<IllegalStateException> { CoreCheck.requireCore("io.extracontext.spi.NoSuchClass") }
        e.message shouldContain "extracontext-core"
        e.message shouldContain "io.extracontext.spi.NoSuchClass"
        CoreCheck.requireCore(CoreCheck.CORE_CLASS)
    }
})
