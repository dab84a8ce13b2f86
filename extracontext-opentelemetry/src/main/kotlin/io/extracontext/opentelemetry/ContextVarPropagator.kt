package io.extracontext.opentelemetry

import io.extracontext.ContextVar
import io.opentelemetry.api.baggage.Baggage
import io.opentelemetry.api.baggage.BaggageBuilder
import io.opentelemetry.api.baggage.BaggageEntryMetadata
import io.opentelemetry.context.Context
import io.opentelemetry.context.Scope
import io.opentelemetry.context.propagation.TextMapGetter
import io.opentelemetry.context.propagation.TextMapPropagator
import io.opentelemetry.context.propagation.TextMapSetter
import java.util.function.Function
import java.util.logging.Level

/**
 * Carries chosen [ContextVar]s between processes as members of the W3C `baggage` header, together
 * with OpenTelemetry's own [Baggage], in one header.
 *
 * It replaces `W3CBaggagePropagator`: it reads and writes OpenTelemetry's baggage entries as that one
 * does, and the variables added to it (only those) as further members. Configure it instead of
 * `baggage` (`otel.propagators=tracecontext,extracontext`, or
 * `TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), propagator)`).
 *
 * - [inject] writes, for each added variable with a value, `key=percent-encoded value`, then
 *   OpenTelemetry's baggage entries (keys of ours are written once, from the variable). A value
 *   whose member would pass the W3C limits (64 members, 8192 bytes) is dropped with a warning,
 *   never sent as a header a peer rejects.
 * - [extract] returns a context whose baggage holds the other members, and which carries the
 *   added variables' values: made current (`makeCurrent()`, as OpenTelemetry's server
 *   instrumentations do) with [ExtraContextStorageProvider] installed, they are set for that
 *   scope; without the storage provider, [enterValues] sets them.
 * - The header is untrusted: a malformed member, a bad `%` escape, a value the decoder rejects, or
 *   anything past 64 members or 8192 bytes is skipped (each kind logged once at `FINE`), and
 *   [extract] never throws.
 *
 * ```kotlin
 * val propagator = ContextVarPropagator.builder()
 *     .add(requestId, "request-id")
 *     .add(tenant, "tenant", { it.name }, { Tenant(it) })
 *     .build()
 * val otel = OpenTelemetry.propagating(ContextPropagators.create(
 *     TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), propagator)))
 * ```
 */
public class ContextVarPropagator private constructor(@get:JvmSynthetic internal val entries: Array<Entry<Any?>>) : TextMapPropagator {

    internal class Entry<T>(
        @JvmField val variable: ContextVar<T>,
        @JvmField val key: String,
        @JvmField val encode: Function<T, String>,
        @JvmField val decode: Function<String, T>,
    ) {
        @JvmField val tooLong = OnceLog(Level.WARNING, "extracontext-opentelemetry: the value of ContextVar '${variable.name}' is too long for the W3C baggage header (64 members, 8192 bytes) and was not sent under key '$key'")

        @JvmField val encodeFailed = OnceLog(Level.WARNING, "extracontext-opentelemetry: the encoder of ContextVar '${variable.name}' (key '$key') threw; the value was not sent")

        @JvmField val decodeFailed = OnceLog(Level.FINE, "extracontext-opentelemetry: a received value for key '$key' was rejected by the decoder of ContextVar '${variable.name}' and skipped")

        /**
         * The text to send: the variable's value in the current extracontext context, else the one
         * [carried] from an extract (a forwarding proxy); null when there is none or the encoder
         * throws (logged once).
         */
        @Suppress("UNCHECKED_CAST")
        fun encodedValue(carried: CarriedValues?): String? {
            var value: Any? = variable.get(CarriedValues.NONE as T)
            if (value === CarriedValues.NONE) value = carried?.valueOf(variable) ?: return null
            if (value === CarriedValues.NONE || value == null) return null
            return try {
                encode.apply(value as T)
            } catch (ex: RuntimeException) {
                encodeFailed.report(ex.toString())
                null
            }
        }
    }

    // One per kind of bad input, per propagator: logged the first time, then only counted.
    private val malformed = OnceLog(Level.FINE, "extracontext-opentelemetry: a malformed member of the baggage header was skipped")
    private val badEncoding = OnceLog(Level.FINE, "extracontext-opentelemetry: a baggage member with a bad percent-encoding or non-UTF-8 bytes was skipped")
    private val tooManyMembers = OnceLog(Level.FINE, "extracontext-opentelemetry: the baggage header has more than ${BaggageCodec.MAX_MEMBERS} members; the rest were skipped")
    private val tooLong = OnceLog(Level.FINE, "extracontext-opentelemetry: the baggage header is longer than ${BaggageCodec.MAX_BYTES} bytes; the members past the limit were skipped")
    private val baggageDropped = OnceLog(Level.WARNING, "extracontext-opentelemetry: an OpenTelemetry baggage entry was not sent: its key is not a token, or the header would pass the W3C limits")
    private val unexpected = OnceLog(Level.FINE, "extracontext-opentelemetry: extract failed unexpectedly; the context was returned unchanged")

    override fun fields(): Collection<String> = FIELDS

    override fun <C> inject(context: Context?, carrier: C?, setter: TextMapSetter<C>?) {
        StorageCheck.checkOnce()
        // As W3CBaggagePropagator: nothing to do without a context or a setter; a null carrier is
        // passed on, since some setters write to something they hold themselves.
        if (context == null || setter == null) return
        val out = StringBuilder()
        var members = 0
        var written = 0L   // bit i: entries[i] was written (a Baggage entry under the same key is then skipped)
        val carried = CarriedValues.of(context)
        for ((i, e) in entries.withIndex()) {
            val text = e.encodedValue(carried) ?: continue
            val mark = out.length
            if (members > 0) out.append(',')
            out.append(e.key).append('=')
            BaggageCodec.appendEncoded(out, text)
            if (members >= BaggageCodec.MAX_MEMBERS || out.length > BaggageCodec.MAX_BYTES) {
                out.setLength(mark)
                e.tooLong.report("${text.length} characters")
            } else {
                members++
                if (i < 64) written = written or (1L shl i)
            }
        }
        val baggage = Baggage.fromContext(context)
        if (!baggage.isEmpty) {
            var count = members
            baggage.forEach { key, entry ->
                val ours = indexOfKey(key, 0, key.length)
                if (ours >= 0 && (ours >= 64 || written and (1L shl ours) != 0L)) return@forEach
                if (!BaggageCodec.isToken(key)) { baggageDropped.report("key '$key' is not a token"); return@forEach }
                val mark = out.length
                if (count > 0) out.append(',')
                out.append(key).append('=')
                BaggageCodec.appendEncoded(out, entry.value)
                val props = entry.metadata.value
                if (props.isNotEmpty() && BaggageCodec.isSafeProperties(props)) out.append(';').append(props)
                if (count >= BaggageCodec.MAX_MEMBERS || out.length > BaggageCodec.MAX_BYTES) {
                    out.setLength(mark)
                    baggageDropped.report("key '$key' would pass the limits")
                } else {
                    count++
                }
            }
            members = count
        }
        if (members > 0) setter.set(carrier, BaggageCodec.HEADER, out.toString())
    }

    override fun <C> extract(context: Context?, carrier: C?, getter: TextMapGetter<C>?): Context {
        StorageCheck.checkOnce()
        val base = context ?: Context.root()
        if (getter == null) return base
        val header = getter.get(carrier, BaggageCodec.HEADER)
        if (header.isNullOrEmpty()) return base
        return try {
            parse(base, header)
        } catch (e: RuntimeException) {
            // Nothing below should throw; a context unchanged is the safe answer if something does.
            unexpected.report(e.toString())
            base
        }
    }

    private fun parse(base: Context, header: String): Context {
        var limit = header.length
        if (limit > BaggageCodec.MAX_BYTES) {
            tooLong.report("${header.length} characters")
            limit = BaggageCodec.MAX_BYTES
        }
        var found: Array<Any?>? = null
        var baggage: BaggageBuilder? = null
        var members = 0
        var start = 0
        while (start < header.length) {
            var end = header.indexOf(',', start)
            if (end < 0) end = header.length
            // A member that crosses the byte limit is dropped whole, as is everything after it.
            if (end > limit) break
            var from = start
            var to = end
            start = end + 1
            while (from < to && BaggageCodec.isBlank(header[from])) from++
            while (to > from && BaggageCodec.isBlank(header[to - 1])) to--
            if (from == to) continue
            if (++members > BaggageCodec.MAX_MEMBERS) {
                tooManyMembers.report("more than ${BaggageCodec.MAX_MEMBERS}")
                break
            }
            // key OWS "=" OWS value *( OWS ";" OWS property )
            var semi = header.indexOf(';', from)
            if (semi < 0 || semi > to) semi = to
            val eq = header.indexOf('=', from)
            if (eq < 0 || eq >= semi) { malformed.report("no '=' in a member"); continue }
            var keyEnd = eq
            while (keyEnd > from && BaggageCodec.isBlank(header[keyEnd - 1])) keyEnd--
            var valueFrom = eq + 1
            var valueTo = semi
            while (valueFrom < valueTo && BaggageCodec.isBlank(header[valueFrom])) valueFrom++
            while (valueTo > valueFrom && BaggageCodec.isBlank(header[valueTo - 1])) valueTo--
            if (keyEnd == from || !allMatch(header, from, keyEnd, BaggageCodec::isTokenChar)) { malformed.report("a key that is not a token"); continue }
            if (!allMatch(header, valueFrom, valueTo, BaggageCodec::isBaggageOctet)) { malformed.report("a value with characters outside the W3C baggage-octets"); continue }
            if (semi < to && !allMatch(header, semi + 1, to) { BaggageCodec.isBaggageOctet(it) || it == '=' || it == ';' || BaggageCodec.isBlank(it) }) {
                malformed.report("properties with characters outside the W3C baggage-octets")
                continue
            }
            val value = BaggageCodec.decode(header, valueFrom, valueTo)
            if (value == null) { badEncoding.report("a value that does not decode"); continue }
            val index = indexOfKey(header, from, keyEnd)
            if (index >= 0) {
                val e = entries[index]
                val decoded = try {
                    e.decode.apply(value)
                } catch (ex: RuntimeException) {
                    e.decodeFailed.report(ex.toString())
                    continue
                }
                if (decoded == null) { e.decodeFailed.report("the decoder returned null"); continue }
                val values = found ?: arrayOfNulls<Any?>(entries.size).also { it.fill(CarriedValues.NONE); found = it }
                values[index] = decoded
            } else {
                val props = if (semi < to) header.substring(semi + 1, to).trim() else ""
                val metadata = if (props.isEmpty()) BaggageEntryMetadata.empty() else BaggageEntryMetadata.create(props)
                (baggage ?: Baggage.builder().also { baggage = it }).put(header.substring(from, keyEnd), value, metadata)
            }
        }
        // As W3CBaggagePropagator does, the header's members replace the context's baggage.
        val built = baggage?.build()
        var result = if (built != null || Baggage.fromContextOrNull(base) != null) base.with(built ?: Baggage.empty()) else base
        val values = found
        if (values != null) {
            var n = 0
            for (v in values) if (v !== CarriedValues.NONE) n++
            val vars = arrayOfNulls<ContextVar<Any?>>(n)
            val vals = arrayOfNulls<Any?>(n)
            var j = 0
            for (i in values.indices) if (values[i] !== CarriedValues.NONE) { vars[j] = entries[i].variable; vals[j] = values[i]; j++ }
            @Suppress("UNCHECKED_CAST")
            result = result.with(CarriedValues.KEY, CarriedValues(vars as Array<ContextVar<Any?>>, vals))
        }
        return result
    }

    private fun indexOfKey(header: String, from: Int, to: Int): Int {
        val length = to - from
        for (i in entries.indices) {
            val key = entries[i].key
            if (key.length == length && header.regionMatches(from, key, 0, length)) return i
        }
        return -1
    }

    private inline fun allMatch(s: String, from: Int, to: Int, test: (Char) -> Boolean): Boolean {
        for (i in from until to) if (!test(s[i])) return false
        return true
    }

    /**
     * [context] with OpenTelemetry `Baggage` entries added for the variables that have a value in
     * the current extracontext context (under their keys, as their encoders give them): the way to
     * carry them under the OpenTelemetry Java agent, whose own `baggage` propagator and instrumented
     * clients send `Baggage` (it does not know this propagator). Make the result current around the
     * call; the server reads them back with [enterFromBaggage]. Entries already in the baggage are
     * kept; an encoder that throws drops its value with a warning, logged once.
     *
     * ```java
     * try (Scope s = propagator.withBaggage(Context.current()).makeCurrent()) {
     *     client.send(request, BodyHandlers.ofString());
     * }
     * ```
     */
    public fun withBaggage(context: Context): Context = BaggageBridge.withBaggage(this, context)

    /**
     * Sets, in the current extracontext context, the variables whose keys are entries of the
     * `Baggage` of [context] (decoded by their decoders) until the returned scope is closed: the
     * server side of [withBaggage], for example under the Java agent, whose server instrumentation
     * makes the received baggage current. Entries are untrusted: a value the decoder rejects (or
     * turns into `null`) is skipped and logged once at `FINE`; nothing here throws.
     *
     * ```java
     * try (Scope s = propagator.enterFromBaggage(Context.current())) {
     *     handle();   // requestId.get() is the caller's
     * }
     * ```
     */
    public fun enterFromBaggage(context: Context): Scope = BaggageBridge.enterFromBaggage(this, context)

    override fun toString(): String = "ContextVarPropagator(${entries.joinToString { "${it.key}=${it.variable.name}" }})"

    /**
     * Collects the variables to carry; [build] makes the propagator.
     *
     * ```java
     * ContextVarPropagator p = ContextVarPropagator.builder()
     *     .add(requestId, "request-id")
     *     .add(userId, "user-id", String::valueOf, Long::valueOf)
     *     .build();
     * ```
     */
    public class Builder internal constructor() {
        private val entries = ArrayList<Entry<Any?>>()

        /**
         * Carries [variable] under the baggage [key], its value sent as it is (percent-encoded).
         *
         * ```kotlin
         * ContextVarPropagator.builder().add(requestId, "request-id")
         * ```
         *
         * @throws IllegalArgumentException when [key] is not an RFC 7230 token, or the key or the
         *   variable was added already.
         */
        public fun add(variable: ContextVar<String>, key: String): Builder = add(variable, key, Function.identity(), Function.identity())

        /**
         * Carries [variable] under the baggage [key]: [encode] turns its value into the text sent,
         * [decode] turns received text back (throw to reject a value: it is then skipped).
         *
         * ```kotlin
         * ContextVarPropagator.builder().add(userId, "user-id", { it.toString() }, { it.toLong() })
         * ```
         *
         * @throws IllegalArgumentException when [key] is not an RFC 7230 token, or the key or the
         *   variable was added already.
         */
        public fun <T> add(
            variable: ContextVar<T>,
            key: String,
            encode: Function<T, String>,
            decode: Function<String, T>,
        ): Builder {
            require(BaggageCodec.isToken(key)) {
                "Baggage key '$key' for ContextVar '${variable.name}' is not a valid W3C baggage key: use letters, digits and !#$%&'*+-.^_`|~ only"
            }
            require(entries.none { it.key == key }) { "Baggage key '$key' was already added to this ContextVarPropagator" }
            require(entries.none { it.variable === variable }) { "ContextVar '${variable.name}' was already added to this ContextVarPropagator" }
            @Suppress("UNCHECKED_CAST")
            entries.add(Entry(variable, key, encode, decode) as Entry<Any?>)
            return this
        }

        /**
         * The propagator for the variables added so far.
         *
         * ```kotlin
         * val propagator = ContextVarPropagator.builder().add(requestId, "request-id").build()
         * ```
         */
        public fun build(): ContextVarPropagator = ContextVarPropagator(entries.toTypedArray())
    }

    /** Creates builders; from Java, `ContextVarPropagator.builder()`. */
    public companion object {
        private val FIELDS: List<String> = listOf(BaggageCodec.HEADER)

        @Volatile
        private var registered: ContextVarPropagator? = null

        /**
         * A builder with no variables yet.
         *
         * ```kotlin
         * val propagator = ContextVarPropagator.builder().add(requestId, "request-id").build()
         * ```
         */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /**
         * Sets, in the current extracontext context, the variables that [context] carries from an
         * [extract], until the returned scope is closed: the way to use extracted values without
         * [ExtraContextStorageProvider] (which does this on `makeCurrent()`). A context that carries
         * none gives a scope that does nothing.
         *
         * ```kotlin
         * val extracted = propagator.extract(Context.current(), headers, getter)
         * ContextVarPropagator.enterValues(extracted).use { handle() }
         * // Java: try (Scope s = ContextVarPropagator.enterValues(extracted)) { handle(); }
         * ```
         */
        @JvmStatic
        public fun enterValues(context: Context): Scope {
            StorageCheck.checkOnce()
            val carried = CarriedValues.of(context) ?: return Scope.noop()
            return BaggageBridge.scopeOf(carried.enter())
        }

        /**
         * Makes [propagator] the one that OpenTelemetry's autoconfigure uses for
         * `otel.propagators=extracontext` (before one is registered, that name carries OpenTelemetry's
         * baggage only, as `baggage` does). Call it before the SDK is built, or at any time: the
         * autoconfigured propagator looks it up on every call.
         *
         * ```kotlin
         * ContextVarPropagator.registerForAutoconfigure(propagator)
         * ```
         */
        @JvmStatic
        public fun registerForAutoconfigure(propagator: ContextVarPropagator) {
            registered = propagator
        }

        internal val forAutoconfigure: ContextVarPropagator
            @JvmSynthetic get() = registered ?: NO_VARIABLES

        private val NO_VARIABLES = ContextVarPropagator(emptyArray())
    }
}
