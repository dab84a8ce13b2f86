package io.extracontext.spring.boot;

import io.extracontext.log4j2.ContextThreadContext;

/**
 * SLF4J's MDC when it goes to Log4j2's {@code ThreadContext} ({@code log4j-slf4j2-impl}, as with
 * Boot's {@code spring-boot-starter-log4j2}): it lives in the context when Log4j2's map is
 * extracontext's, which the starter selects in its {@code log4j2.component.properties}.
 */
final class Log4j2Mdc {
    /** SLF4J's MDC adapter of {@code log4j-slf4j2-impl}, which writes into {@code ThreadContext}. */
    static final String ADAPTER = "org.apache.logging.slf4j.Log4jMDCAdapter";

    static final String PROPERTY = "log4j2.threadContextMap";

    private Log4j2Mdc() {}

    /** Whether SLF4J's MDC adapter {@code adapter} writes into Log4j2's {@code ThreadContext}. */
    static boolean routesToLog4j2(String adapter) {
        return ADAPTER.equals(adapter);
    }

    /** Whether Log4j2's {@code ThreadContext} map is extracontext's; false without {@code extracontext-log4j2}. */
    static boolean isOurs() {
        try {
            Class.forName("io.extracontext.log4j2.ContextThreadContext", false, Log4j2Mdc.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            return ContextThreadContext.isInstalled();
        } catch (LinkageError e) {
            return false; // log4j-api absent or too old
        }
    }
}
