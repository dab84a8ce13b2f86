package io.extracontext.java.structured;

import io.extracontext.ContextVar;
import io.extracontext.java.ExtraContext;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;

/**
 * A context-preserving virtual-thread factory for the tests, whose delegate also records what each
 * thread holds after its task has ended: "clean" when nothing of the fork stayed behind.
 */
final class Forks {
    final Queue<String> after = new ConcurrentLinkedQueue<>();
    final ThreadFactory factory;

    Forks(ContextVar<String> watched) {
        ThreadFactory virtual = Thread.ofVirtual().factory();
        ThreadFactory observing = task -> virtual.newThread(() -> {
            try {
                task.run();
            } finally {
                after.add(watched.isSet() ? "left " + watched.get() : "clean");
            }
        });
        this.factory = ExtraContext.threadFactory(observing);
    }

    /** True when every one of {@code forks} threads has ended holding nothing of its fork. */
    boolean allClean(int forks) {
        return after.size() == forks && after.stream().allMatch("clean"::equals);
    }
}
