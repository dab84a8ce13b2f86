package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extracontext.test.junit5.ContextLeakExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Says on every JDK whether the StructuredTaskScope tests ran: they need JDK 25 (a preview API there),
 * and are compiled and run by the pom's jdk25-preview-tests profile only.
 */
@ExtendWith(ContextLeakExtension.class)
class StructuredConcurrencyOnThisJdkTest {
    @Test
    void theStructuredTaskScopeTestsAreCompiledAndRunOnJdk25() {
        assumeTrue(Runtime.version().feature() == 25,
                "StructuredTaskScope is a preview API of JDK 25: its tests (src/test/java25) run only on JDK 25, "
                        + "this is JDK " + Runtime.version().feature());
        // On JDK 25 the profile must have compiled them next to this class.
        assertNotNull(getClass().getResource("/io/extracontext/java/structured/StructuredTaskScopeTest.class"),
                "the jdk25-preview-tests profile did not compile src/test/java25");
    }
}
