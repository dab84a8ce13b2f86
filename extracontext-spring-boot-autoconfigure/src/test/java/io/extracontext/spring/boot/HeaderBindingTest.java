package io.extracontext.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.ContextVar;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class HeaderBindingTest {
    private final ContextVar<String> requestId = new ContextVar<>("request_id");
    private final HeaderBinding binding = new HeaderBinding("X-Request-Id", requestId, 16);

    /** Applies {@code value} in a fresh context; returns what the variable holds, and the FINE lines. */
    private String bind(String value, List<String> fine) {
        try (JulCapture log = new JulCapture()) {
            String seen = new Context().call(() -> {
                binding.apply(value);
                return requestId.getOrNull();
            });
            fine.addAll(log.at(Level.FINE));
            return seen;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertSkipped(String value, String reason) {
        List<String> fine = new java.util.ArrayList<>();
        assertEquals(null, bind(value, fine));
        assertEquals(1, fine.size(), fine.toString());
        assertTrue(fine.get(0).contains("X-Request-Id") && fine.get(0).contains(reason), fine.get(0));
        assertFalse(fine.get(0).contains(value.isEmpty() ? "\u0000" : value), "the untrusted value is not logged");
    }

    @Test
    void aPrintableValueWithinTheLimitIsSetWithNoLogLine() {
        List<String> fine = new java.util.ArrayList<>();
        assertEquals("abc-123 ü", bind("abc-123 ü", fine));
        assertTrue(fine.isEmpty());
    }

    @Test
    void anAbsentHeaderSetsNothingAndLogsNothing() {
        List<String> fine = new java.util.ArrayList<>();
        assertEquals(null, bind(null, fine));
        assertTrue(fine.isEmpty());
    }

    @Test
    void aValueLongerThanTheLimitIsSkippedWithOneFineLine() {
        assertSkipped("x".repeat(17), "length 17 > extracontext.web.max-header-length=16");
    }

    @Test
    void aValueAtExactlyTheLimitIsSet() {
        assertEquals("y".repeat(16), bind("y".repeat(16), new java.util.ArrayList<>()));
    }

    @Test
    void anEmptyValueIsSkippedWithOneFineLine() {
        assertSkipped("", "empty");
    }

    @Test
    void aValueWithACarriageReturnOrLineFeedIsSkipped() {
        assertSkipped("a\r\nb", "U+000D");
    }

    @Test
    void aValueWithANulCharacterIsSkipped() {
        assertSkipped("a\u0000b", "U+0000");
    }

    @Test
    void aValueWithDeleteIsSkipped() {
        assertSkipped("a\u007Fb", "U+007F");
    }

    @Test
    void aValueWithATabIsSkipped() {
        assertSkipped("a\tb", "U+0009");
    }

    @Test
    void aValueWithAnInvisibleFormatCharacterIsSkipped() {
        assertSkipped("a\u202Eb", "U+202E");
    }

    @Test
    void aValueWithALoneSurrogateIsSkipped() {
        assertSkipped("a\uD800b", "U+D800");
    }
}
