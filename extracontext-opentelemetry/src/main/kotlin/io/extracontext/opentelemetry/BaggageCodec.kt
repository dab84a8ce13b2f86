package io.extracontext.opentelemetry

import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets

/**
 * The W3C `baggage` header's grammar and limits (https://www.w3.org/TR/baggage/):
 * `key=value;property, key2=value2`, keys are RFC 7230 tokens, values percent-encoded UTF-8 made of
 * baggage-octets, at most 64 members and 8192 bytes.
 *
 * Written here rather than borrowed from `W3CBaggagePropagator` because what we need from it is
 * not exposed there: a member-by-member verdict (so one bad member is skipped and the rest kept),
 * the limits enforced on what we read and write, and no substring allocated for keys we compare.
 */
internal object BaggageCodec {
    const val HEADER: String = "baggage"
    const val MAX_MEMBERS: Int = 64
    const val MAX_BYTES: Int = 8192

    private val HEX = "0123456789ABCDEF".toCharArray()

    /** tchar of RFC 7230. */
    @JvmSynthetic
    fun isTokenChar(c: Char): Boolean = c in 'a'..'z' || c in 'A'..'Z' || c in '0'..'9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0

    @JvmSynthetic
    fun isToken(s: String): Boolean = s.isNotEmpty() && s.all(::isTokenChar)

    /** baggage-octet of the W3C grammar: printable ASCII except `"`, `,`, `;`, `\`, space. */
    @JvmSynthetic
    fun isBaggageOctet(c: Char): Boolean = c == '!' || c in '#'..'+' || c in '-'..':' || c in '<'..'[' || c in ']'..'~'

    /** A property list we pass on: baggage-octets, `=`, `;` and blanks, nothing that could end the member or the header. */
    @JvmSynthetic
    fun isSafeProperties(s: String): Boolean = s.all { isBaggageOctet(it) || it == '=' || it == ';' || it == ' ' || it == '\t' }

    @JvmSynthetic
    fun isBlank(c: Char): Boolean = c == ' ' || c == '\t'

    /** Appends [value] percent-encoded: every UTF-8 byte that is not a baggage-octet, and `%` itself. */
    @JvmSynthetic
    fun appendEncoded(out: StringBuilder, value: String) {
        var plain = true
        for (c in value) if (!isBaggageOctet(c) || c == '%') { plain = false; break }
        if (plain) { out.append(value); return }
        for (b in value.toByteArray(StandardCharsets.UTF_8)) {
            val c = (b.toInt() and 0xFF).toChar()
            if (c.code < 0x80 && isBaggageOctet(c) && c != '%') {
                out.append(c)
            } else {
                out.append('%').append(HEX[(b.toInt() shr 4) and 0xF]).append(HEX[b.toInt() and 0xF])
            }
        }
    }

    /**
     * Decodes `header[from, to)`, which holds only baggage-octets; `null` for a bad `%` escape or
     * bytes that are not UTF-8.
     */
    @JvmSynthetic
    fun decode(header: String, from: Int, to: Int): String? {
        val pct = header.indexOf('%', from)
        if (pct < 0 || pct >= to) return header.substring(from, to)
        val bytes = ByteArray(to - from)
        var n = 0
        var i = from
        while (i < to) {
            val c = header[i]
            if (c == '%') {
                if (i + 2 >= to) return null
                val hi = Character.digit(header[i + 1], 16)
                val lo = Character.digit(header[i + 2], 16)
                if (hi < 0 || lo < 0) return null
                bytes[n++] = ((hi shl 4) or lo).toByte()
                i += 3
            } else {
                bytes[n++] = c.code.toByte()
                i++
            }
        }
        return try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, n))
                .toString()
        } catch (e: CharacterCodingException) {
            null
        }
    }
}
