package io.extracontext.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an example prints, kept so that the example can check it: every example ends by comparing
 * its transcript (or facts about it) with what the scenario promises, and throws if they differ.
 * Thread-safe, since several examples print from pool threads.
 */
public final class Transcript {
    private final List<String> lines = new ArrayList<>();

    /** Prints {@code line} and records it. */
    public synchronized void println(String line) {
        System.out.println("    " + line);
        lines.add(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Throws unless the transcript is exactly {@code expected}, in order. */
    public void expect(List<String> expected) {
        List<String> actual = lines();
        if (!actual.equals(expected)) {
            throw new IllegalStateException("Example printed\n  " + actual + "\nbut should have printed\n  " + expected);
        }
    }

    /** Throws unless the transcript holds exactly {@code expected} in any order (lines printed by concurrent tasks). */
    public void expectInAnyOrder(List<String> expected) {
        List<String> actual = new ArrayList<>(lines());
        List<String> wanted = new ArrayList<>(expected);
        actual.sort(null);
        wanted.sort(null);
        if (!actual.equals(wanted)) {
            throw new IllegalStateException("Example printed\n  " + lines() + "\nbut should have printed, in any order,\n  " + expected);
        }
    }

    /** The examples' assert: a failed check ends the example with a non-zero exit. */
    public static void check(boolean condition, String whatShouldHoldTrue) {
        if (!condition) {
            throw new IllegalStateException("Check failed: " + whatShouldHoldTrue);
        }
    }

    public static void checkEquals(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalStateException("Check failed: " + what + ": expected " + expected + " but was " + actual);
        }
    }
}
