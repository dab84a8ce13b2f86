package io.extracontext.slf4j;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Everything of {@link ExtraContextServiceProvider} that names a Logback type, in its own class:
 * loaded only when the provider it logs through is Logback's, so the module runs without Logback.
 *
 * <pre>{@code
 * if (LogbackSupport.isLogback(delegate)) adapter = LogbackSupport.newAdapter();
 * }</pre>
 */
final class LogbackSupport {
    static final String PROVIDER_CLASS = "ch.qos.logback.classic.spi.LogbackServiceProvider";

    private LogbackSupport() {}

    /** Whether {@code provider} is Logback's provider (or a subclass of it). */
    static boolean isLogback(SLF4JServiceProvider provider) {
        for (Class<?> c = provider.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(PROVIDER_CLASS)) return true;
        }
        return false;
    }

    /** Our adapter, as a {@code LogbackMDCAdapter} so Logback reads its per-event map without a copy. */
    static MDCAdapter newAdapter() {
        return new LogbackContextMdcAdapter();
    }

    /**
     * Makes {@code adapter} the MDC adapter of Logback's {@code LoggerContext}, where its events read
     * the MDC. Returns {@code null} when done, else what went wrong and what to do.
     */
    static String install(ILoggerFactory factory, MDCAdapter adapter) {
        if (!(factory instanceof LoggerContext context)) {
            return "extracontext: Logback's provider gave a logger factory that is not a Logback LoggerContext ("
                    + (factory == null ? "null" : factory.getClass().getName())
                    + "); %X{...} will not show the MDC kept in the context.";
        }
        String version = version();
        String upgrade = " Logback events will not show the MDC kept in the context (MDC.put still works)."
                + " Use Logback 1.5.1 or later (" + version + " found).";
        try {
            // Logback 1.5.1+ allows a second call (it adds a warning to its status manager, which
            // prints only in debug mode); 1.5.0 refused it, and 1.3/1.4 have no such method.
            context.setMDCAdapter(adapter);
            if (context.getMDCAdapter() != adapter) {
                return "extracontext: Logback " + version + " kept its own MDC adapter after LoggerContext.setMDCAdapter." + upgrade;
            }
            return null;
        } catch (NoSuchMethodError e) {
            return "extracontext: Logback " + version + " has no LoggerContext.setMDCAdapter (added in 1.5.0)." + upgrade;
        } catch (RuntimeException e) {
            return "extracontext: Logback " + version + " refused to replace its MDC adapter (" + e + ")." + upgrade;
        }
    }

    private static String version() {
        Package p = LoggerContext.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        if (v != null) return v;
        try {
            String where = LoggerContext.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            return where.substring(where.lastIndexOf('/') + 1);
        } catch (RuntimeException e) {
            return "an unknown version";
        }
    }
}
