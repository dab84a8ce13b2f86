package io.extracontext.slf4j;

import io.extracontext.ContextVar;
import io.extracontext.spi.DiagnosticContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /**
     * {@code getCopyOfContextMap()}: a new mutable map (SLF4J's contract: callers may change it),
     * bound variables included. Logback's per-event path does not come here (see
     * {@link LogbackContextMdcAdapter#getPropertyMap()}).
     */
    static Map<String, String> copyOfContextMap() {
        return new HashMap<>(DiagnosticContext.snapshot());
    }

    /**
     * {@code setContextMap(map)}: the current context's entries become those of {@code map}
     * ({@code null}: none). An entry of a bound key equal to what its variable shows now is left
     * to the variable, so that {@code setContextMap(getCopyOfContextMap())} (the usual
     * save/restore) does not pin a bound variable's value as an entry of its own.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void restore(Map contextMap) {
        if (contextMap == null || contextMap.isEmpty()) {
            DiagnosticContext.replaceAll(null);
            return;
        }
        Map<String, String> own = new HashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) contextMap).entrySet()) {
            // Keys and values of a raw Map from user code: anything but a String key is skipped
            // rather than thrown on (the MDC must never make code that only logs fail).
            if (!(e.getKey() instanceof String key)) continue;
            String value = e.getValue() == null ? null : e.getValue().toString();
            ContextVar<?> bound = DiagnosticContext.boundVariable(key);
            if (bound != null && Objects.equals(value, asString(bound.getOrNull()))) continue;
            own.put(key, value);
        }
        DiagnosticContext.replaceAll((Map) own);
    }

    /** {@code getCopyOfDequeByKey(key)}: a new deque, top first, or {@code null} when there is none (as SLF4J's own adapters). */
    static Deque<String> copyOfDeque(String key) {
        List<String> stack = DiagnosticContext.stack(key);
        return stack.isEmpty() ? null : new ArrayDeque<>(stack);
    }

    private static String asString(Object value) {
        return value == null ? null : value.toString();
    }
}
