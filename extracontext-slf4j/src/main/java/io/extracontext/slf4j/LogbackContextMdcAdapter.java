package io.extracontext.slf4j;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.extracontext.spi.DiagnosticContext;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * The MDC adapter of {@link ExtraContextServiceProvider} when it logs through Logback: installed
 * both in SLF4J's {@code MDC} and in Logback's {@code LoggerContext}, so {@code MDC.put} and
 * {@code %X{key}} see the same entries, those of the current context.
 *
 * <p>Why a subclass of Logback's own {@link LogbackMDCAdapter}: Logback's
 * {@code LoggingEvent.getMDCPropertyMap()} takes the adapter's {@code getPropertyMap()} (no copy)
 * only from a {@code LogbackMDCAdapter}, and calls {@code getCopyOfContextMap()} (a copy per event)
 * on any other adapter. Every method is overridden: the thread-locals of the superclass stay unused.
 *
 * <pre>{@code
 * loggerContext.setMDCAdapter(new LogbackContextMdcAdapter());
 * }</pre>
 */
final class LogbackContextMdcAdapter extends LogbackMDCAdapter {

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

    /**
     * The map a Logback event keeps (once per event, at its first read, or at enqueue behind an
     * {@code AsyncAppender}): the immutable snapshot of the current context, no copy made.
     */
    @Override
    public Map<String, String> getPropertyMap() {
        return DiagnosticContext.snapshot();
    }

    @Override
    public Set<String> getKeys() {
        return DiagnosticContext.snapshot().keySet();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Map getCopyOfContextMap() {
        return ContextMdcAdapter.copyOfContextMap();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void setContextMap(Map contextMap) {
        ContextMdcAdapter.restore(contextMap);
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
        return ContextMdcAdapter.copyOfDeque(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        DiagnosticContext.clearStack(key);
    }
}
