package io.extracontext.slf4j;

import io.extracontext.spi.DiagnosticContext;
import io.extracontext.spi.Integrations;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.spi.MDCAdapter;

/**
 * The SLF4J {@link MDCAdapter} of {@link ExtraContextServiceProvider} for backends other than
 * Logback: every call acts on {@link DiagnosticContext}, the MDC held in the current context.
 *
 * <p>Its static helpers are shared with {@link LogbackContextMdcAdapter}, which must extend
 * Logback's own adapter class instead (Logback reads the per-event map without a copy only from a
 * {@code LogbackMDCAdapter}).
 *
 * <pre>{@code
 * MDCAdapter mdc = new ContextMdcAdapter();
 * mdc.put("requestId", "r-1");   // in the current context, not in a thread-local
 * }</pre>
 */
final class ContextMdcAdapter implements MDCAdapter {
    static {
        // A coroutine-misuse report names the application's MDC.put, not this adapter or SLF4J.
        Integrations.registerLayer(ContextMdcAdapter.class, "org.slf4j.", "ch.qos.logback.");
    }


    @Override
    public void put(String key, String val) {
        DiagnosticContext.put(key, val);
    }

    @Override
    public String get(String key) {
        return DiagnosticContext.get(key);
    }

    @Override
    public void remove(String key) {
        DiagnosticContext.remove(key);
    }

    @Override
    public void clear() {
        DiagnosticContext.clear();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        return copyOfContextMap();
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        restore(contextMap);
    }

    @Override
    public void pushByKey(String key, String value) {
        DiagnosticContext.push(key, value);
    }

    @Override
    public String popByKey(String key) {
        return DiagnosticContext.pop(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return copyOfDeque(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        DiagnosticContext.clearStack(key);
    }

    /** {@code getCopyOfContextMap()}: {@link DiagnosticContext#copy()}, the save of core's one save/restore rule. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<String, String> copyOfContextMap() {
        return (Map) DiagnosticContext.copy();
    }

    /** {@code setContextMap(map)}: the restore of core's one rule ({@link DiagnosticContext#entriesToStore}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void restore(Map contextMap) {
        DiagnosticContext.replaceAll(DiagnosticContext.entriesToStore(contextMap));
    }

    /** {@code getCopyOfDequeByKey(key)}: a new deque, top first, or {@code null} when there is none (as SLF4J's own adapters). */
    static Deque<String> copyOfDeque(String key) {
        List<String> stack = DiagnosticContext.stack(key);
        return stack.isEmpty() ? null : new ArrayDeque<>(stack);
    }
}
