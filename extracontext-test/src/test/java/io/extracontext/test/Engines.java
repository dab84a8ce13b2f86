package io.extracontext.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a fixture class (deliberately leaking tests) through a real test engine, on a thread of its
 * own that dies afterwards, so what the fixtures leave behind never reaches the thread running the
 * kit's own tests.
 */
public final class Engines {
    private Engines() {}

    /** The test events of running {@code fixture} on engine {@code engineId} ("junit-jupiter", "kotest"). */
    public static Events run(String engineId, Class<?> fixture, Map<String, String> parameters) throws InterruptedException {
        AtomicReference<Events> events = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                events.set(EngineTestKit.engine(engineId)
                        .configurationParameters(parameters)
                        .selectors(selectClass(fixture))
                        .execute()
                        .testEvents());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "fixture-runner");
        runner.start();
        runner.join(60_000);
        if (runner.isAlive()) throw new AssertionError("the fixture " + fixture.getName() + " did not finish within 60 s");
        if (failure.get() != null) throw new AssertionError("running " + fixture.getName() + " failed", failure.get());
        return events.get();
    }

    /** Display name → failure message (null for a test that passed), for every finished test. */
    public static Map<String, String> outcomes(Events events) {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
        for (Event e : events.finished().list()) {
            TestExecutionResult result = e.getPayload(TestExecutionResult.class).orElseThrow();
            String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse(null);
            out.put(e.getTestDescriptor().getDisplayName(), message);
        }
        return out;
    }

    /** The failure messages of all finished tests, for a quick look in an assertion message. */
    public static List<String> messages(Events events) {
        return List.copyOf(outcomes(events).values().stream().map(String::valueOf).toList());
    }
}
