package io.extracontext.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.test.fixtures.AutoDetectedCases;
import io.extracontext.test.fixtures.FreshContextCases;
import io.extracontext.test.fixtures.LeakingCases;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.Events;

/** Runs deliberately leaking JUnit tests through the Jupiter engine and reads how each one ended. */
@ExtendWith(ContextLeakExtension.class)
class ContextLeakExtensionTest {
    private static final String HEADER =
            " left context state behind (use set/reset or withValue, close every scope in a finally):\n  - ";

    private static Map<String, String> run(Class<?> fixture, Map<String, String> parameters) throws InterruptedException {
        Events events = Engines.run("junit-jupiter", fixture, parameters);
        return Engines.outcomes(events);
    }

    @Test
    void aTestThatLeavesAVariableSetFailsNamingIt() throws Exception {
        String message = run(LeakingCases.class, Map.of()).get("setsAVariableWithoutReset()");
        assertEquals("setsAVariableWithoutReset()" + HEADER + "ContextVar 'request_id' = r-1 (was not set)", message);
    }

    @Test
    void aTestThatLeavesAnAttributeFailsNamingTheAttribute() throws Exception {
        String message = run(LeakingCases.class, Map.of()).get("setsAnAttributeOutsideAnIsolatedBlock()");
        assertTrue(message.matches("(?s).*attribute 'user' of ContextLocal#\\d+ = alice \\(was not set\\)"), message);
    }

    @Test
    void aTestThatLeavesAScopeOpenFailsAndSaysHowToFindIt() throws Exception {
        String message = run(LeakingCases.class, Map.of()).get("leavesAScopeOpen()");
        assertTrue(message.contains("1 scope(s) left open on the thread (ContextLocal.enter() without close())"
                + "; enable StrictMode to see where each was opened"), message);
    }

    @Test
    void inStrictModeTheOpenScopeIsShownWithTheLineThatOpenedIt() throws Exception {
        String message = run(LeakingCases.class, Map.of()).get("leavesAScopeOpenInStrictMode()");
        assertTrue(message.contains("opened at io.extracontext.test.fixtures.LeakingCases.leavesAScopeOpenInStrictMode(LeakingCases.java:"),
                message);
        assertTrue(message.contains("on 'fixture-runner'"), message);
    }

    @Test
    void aTestThatLeavesAValueOnAPoolWorkerFailsNamingTheWorkerAndTheVariable() throws Exception {
        String message = run(LeakingCases.class, Map.of()).get("leavesAValueOnAPoolWorker()");
        assertEquals("leavesAValueOnAPoolWorker()" + HEADER
                + "worker 'fixture-worker' holds, between tasks: ContextVar 'request_id' = stale (was not set)", message);
    }

    @Test
    void aTestThatCleansUpPasses() throws Exception {
        Map<String, String> outcomes = run(LeakingCases.class, Map.of());
        assertTrue(outcomes.containsKey("cleansUpAfterItself()"), outcomes.toString());
        assertNull(outcomes.get("cleansUpAfterItself()"));
        assertEquals(6, outcomes.size(), outcomes.toString());
    }

    @Test
    void autoDetectionRegistersTheExtensionThroughItsServiceFile() throws Exception {
        String on = run(AutoDetectedCases.class, Map.of("junit.jupiter.extensions.autodetection.enabled", "true"))
                .get("setsAVariableWithoutReset()");
        assertEquals("setsAVariableWithoutReset()" + HEADER + "ContextVar 'request_id' = auto (was not set)", on);
        Map<String, String> off = run(AutoDetectedCases.class, Map.of());
        assertNull(off.get("setsAVariableWithoutReset()"), "without auto-detection nothing checks this class");
        assertTrue(off.containsKey("setsAVariableWithoutReset()"));
    }

    @Test
    void registeredWithOptionsItRunsEachTestInAFreshContextAndSkipsTheWorkerCheck() throws Exception {
        Map<String, String> outcomes = run(FreshContextCases.class, Map.of());
        assertEquals("leaksIntoItsFreshContext()" + HEADER + "ContextVar 'request_id' = fresh leak (was not set)",
                outcomes.get("leaksIntoItsFreshContext()"));
        assertNull(outcomes.get("startsEmptyAlthoughThePreviousTestLeaked()"), outcomes.toString());
        assertNull(outcomes.get("leavesAValueOnAWorkerUnchecked()"), outcomes.toString());
    }

    @Test
    void configurationParametersSetTheOptionsOfAnAutoDetectedExtension() throws Exception {
        Map<String, String> outcomes = run(LeakingCases.class, Map.of("extracontext.test.checkWorkers", "false"));
        assertNull(outcomes.get("leavesAValueOnAPoolWorker()"), outcomes.toString());
        assertTrue(outcomes.get("setsAVariableWithoutReset()").contains("request_id"));
    }

    @Test
    void configurationValuesThatAreNotBooleansFallBackToTheDefaults() throws Exception {
        Map<String, String> outcomes = run(LeakingCases.class,
                Map.of("extracontext.test.freshContext", "yes please", "extracontext.test.checkWorkers", ""));
        assertEquals("setsAVariableWithoutReset()" + HEADER + "ContextVar 'request_id' = r-1 (was not set)",
                outcomes.get("setsAVariableWithoutReset()"));
        assertTrue(outcomes.get("leavesAValueOnAPoolWorker()").contains("worker 'fixture-worker'"), outcomes.toString());
    }
}
