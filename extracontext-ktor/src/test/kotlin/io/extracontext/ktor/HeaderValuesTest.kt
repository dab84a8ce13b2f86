package io.extracontext.ktor

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

class HeaderValuesTest {
    @Test
    fun `printable ASCII up to the limit is accepted, the empty value too`() {
        assertNull(HeaderValues.problem(" !\"az AZ 09 ~", 256))
        assertNull(HeaderValues.problem("x".repeat(256), 256))
        assertNull(HeaderValues.problem("", 256))
    }

    @Test
    fun `one character over the limit is refused`() {
        assertEquals("longer than 3 characters (4)", HeaderValues.problem("abcd", 3))
    }

    @Test
    fun `NUL is refused`() {
        assertEquals("character U+0000 at index 1 is not printable ASCII", HeaderValues.problem("a\u0000", 256))
    }

    @Test
    fun `CR and LF, which would split a header or a log line, are refused`() {
        assertEquals("character U+000D at index 1 is not printable ASCII", HeaderValues.problem("a\rb", 256))
        assertEquals("character U+000A at index 1 is not printable ASCII", HeaderValues.problem("a\nb", 256))
    }

    @Test
    fun `a bell character is refused`() {
        assertEquals("character U+0007 at index 0 is not printable ASCII", HeaderValues.problem("\u0007", 256))
    }

    @Test
    fun `a character outside ASCII is refused`() {
        assertEquals("character U+2028 at index 0 is not printable ASCII", HeaderValues.problem("\u2028", 256))
    }
}
