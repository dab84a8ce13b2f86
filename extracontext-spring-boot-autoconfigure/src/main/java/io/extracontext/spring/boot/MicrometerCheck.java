package io.extracontext.spring.boot;

import io.micrometer.context.ContextRegistry;

/** Loaded only where Micrometer's context-propagation is on the class path. */
final class MicrometerCheck {
    private MicrometerCheck() {}

    /** Whether the registry has extracontext's accessor (key {@code io.extracontext}). */
    static boolean accessorRegistered() {
        return ContextRegistry.getInstance().getThreadLocalAccessors().stream()
                .anyMatch(accessor -> "io.extracontext".equals(accessor.key()));
    }
}
