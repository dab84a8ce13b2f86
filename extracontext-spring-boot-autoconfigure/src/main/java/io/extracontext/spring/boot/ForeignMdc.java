package io.extracontext.spring.boot;

import java.util.Map;
import org.slf4j.MDC;

/** SLF4J's MDC when it is not extracontext's (it lives on the thread): snapshot and put back. */
final class ForeignMdc {
    private ForeignMdc() {}

    static boolean present() {
        try {
            Class.forName("org.slf4j.MDC", false, ForeignMdc.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The class of the MDC adapter in effect, or null when SLF4J is absent. */
    static String adapterClass() {
        if (!present()) {
            return null;
        }
        Object adapter = MDC.getMDCAdapter();
        return adapter == null ? "none" : adapter.getClass().getName();
    }

    /**
     * Whether MDC entries live in the context: extracontext's adapter, or Log4j2's ({@code
     * log4j-slf4j2-impl}) writing into a {@code ThreadContext} map that is extracontext's.
     */
    static boolean isOurs() {
        String adapter = adapterClass();
        return adapter != null && (adapter.startsWith("io.extracontext.slf4j.") || Log4j2Mdc.routesToLog4j2(adapter) && Log4j2Mdc.isOurs());
    }

    static Map<String, String> snapshot() {
        return MDC.getCopyOfContextMap();
    }

    static void restore(Map<String, String> before) {
        if (before == null || before.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(before);
        }
    }
}
