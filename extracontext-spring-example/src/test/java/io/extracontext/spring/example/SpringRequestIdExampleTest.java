package io.extracontext.spring.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Contexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Hooks;

/** {@code mvn verify} runs the Spring Boot application under load: 200 concurrent requests, bounded. */
class SpringRequestIdExampleTest {

    @AfterEach
    void leavesTheTestThreadsContextEmpty() {
        assertTrue(Contexts.copyContext().isEmpty(), "the test left values in the thread's context: " + Contexts.copyContext());
    }

    @Test
    @Timeout(180)
    void twoHundredConcurrentRequestsEachSeeTheirOwnIdAtEveryStepAndInEveryLogLine() throws Exception {
        SpringRequestIdExample.Report report = SpringRequestIdExample.run(200);
        assertEquals(java.util.List.of(), report.problems());
        assertEquals(200, report.answered());
        assertEquals(0, report.mismatches());
        assertEquals(0, report.missing());
        assertEquals(200 * SpringRequestIdExample.LOGGED_STEPS.size() + 5 * SpringRequestIdExample.LOGGED_STEPS.size(), report.logLines());
        assertEquals(0, report.logMismatches());
        assertEquals(5, report.untrustedHandled());
        assertEquals(0, report.leftovers());
        assertTrue(report.asyncTasks() >= 205, "@Async tasks: " + report.asyncTasks());
        // The application switched Reactor's global hook on and the run put it back off.
        Hooks.enableAutomaticContextPropagation();
        Hooks.disableAutomaticContextPropagation();
    }
}
