package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extracontext.test.junit5.ContextLeakExtension;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // On JDK 25 the profile must have compiled them (run by a surefire execution of their own).
        Path compiled = Path.of("target", "test-classes-java25", "io", "extracontext", "java", "structured", "StructuredTaskScopeTest.class");
        assertTrue(Files.isRegularFile(compiled), "the jdk25-preview-tests profile did not compile src/test/java25 to " + compiled);
    }
}
