package io.extracontext.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's Java snippet, compiled and run: ReadmeSnippetsSpec checks the README still shows exactly this. */
@ExtendWith(ContextLeakExtension.class)
class ReadmeJavaTest {

    @ExtendWith(ContextLeakExtension.class)
    static class OrderServiceTest {
        static final ContextVar<String> requestId = new ContextVar<>("request_id");

        @Test
        void handlesARequest() throws Exception {
            try (Token<String> t = requestId.set("r-1"); var pool = new ContextPreservingExecutor(2)) {
                assertEquals("r-1", pool.submit(() -> requestId.get()).get());
            }   // without the reset: "ContextVar 'request_id' = r-1 (was not set)"
        }
    }

    static class FreshContextTest {
        @RegisterExtension
        static ContextLeakExtension leaks = new ContextLeakExtension().withFreshContext();

        @Test
        void startsFromAnEmptyContext() {
            assertEquals(false, OrderServiceTest.requestId.isSet());
        }
    }

    @Test
    void theSnippetsTestsPassUnderTheExtension() throws Exception {
        assertEquals(List.of("null"), Engines.messages(Engines.run("junit-jupiter", OrderServiceTest.class, Map.of())));
        assertEquals(List.of("null"), Engines.messages(Engines.run("junit-jupiter", FreshContextTest.class, Map.of())));
    }
}
