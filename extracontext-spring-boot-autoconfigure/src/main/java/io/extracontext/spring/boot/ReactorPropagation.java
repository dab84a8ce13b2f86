package io.extracontext.spring.boot;

import reactor.core.publisher.Hooks;

/** Reactor's automatic context propagation: what a WebFlux application needs for every operator to see its exchange's context. */
final class ReactorPropagation {
    /** Spring Boot's property for it: {@code auto} switches it on, {@code limited} (Boot's default) leaves it off. */
    static final String PROPERTY = "spring.reactor.context-propagation";

    private ReactorPropagation() {}

    /** Switches it on for the JVM, as {@code spring.reactor.context-propagation=auto} does. */
    static void enable() {
        Hooks.enableAutomaticContextPropagation();
    }

    /** Whether {@code value} of {@link #PROPERTY} leaves operators on other threads without the context. */
    static boolean isLimited(String value) {
        return value != null && !value.trim().equalsIgnoreCase("auto");
    }
}
