package io.extracontext.spring.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Untrusted {@code X-Request-Id} headers: each bad case gets a generated id, none throws. */
class RequestIdTest {

    @Test
    void aShortTokenOfSafeCharactersIsKept() {
        assertEquals("req-1.A_b", RequestId.accept("req-1.A_b"));
    }

    @Test
    void aMissingHeaderGetsAGeneratedId() {
        assertTrue(RequestId.accept(null).startsWith("gen-"));
    }

    @Test
    void aBlankHeaderGetsAGeneratedId() {
        assertTrue(RequestId.accept("").startsWith("gen-"));
        assertTrue(RequestId.accept("   ").startsWith("gen-"));
    }

    @Test
    void anOversizedHeaderGetsAGeneratedId() {
        assertTrue(RequestId.accept("x".repeat(65)).startsWith("gen-"));
        assertEquals("x".repeat(64), RequestId.accept("x".repeat(64)));
    }

    @Test
    void aHeaderThatCouldForgeALogLineGetsAGeneratedId() {
        assertTrue(RequestId.accept("a\nstep=filter id=other").startsWith("gen-"));
        assertTrue(RequestId.accept("a|b").startsWith("gen-"));
        assertTrue(RequestId.accept("r\u00e9q").startsWith("gen-"));
    }

    @Test
    void twoGeneratedIdsDiffer() {
        assertTrue(!RequestId.accept(null).equals(RequestId.accept(null)));
    }
}
