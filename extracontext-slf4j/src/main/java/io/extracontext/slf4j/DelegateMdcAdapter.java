package io.extracontext.slf4j;

import java.util.Deque;
import java.util.Map;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The MDC adapter of {@link ExtraContextServiceProvider} when it logs through a backend whose events
 * read the backend's own context map (Log4j2's {@code log4j-slf4j2-impl}, which routes {@code MDC}
 * to {@code ThreadContext}): every call goes to that provider's adapter, so what code puts is what
 * the backend logs. With {@code extracontext-log4j2}'s {@code ContextThreadContextMap} selected,
 * that map is {@code DiagnosticContext} itself and the entries follow the context.
 *
 * <p>SLF4J binds {@code MDC} to our adapter before the providers are initialised (SLF4J 2.0.17's
 * {@code earlyBindMDCAdapter}), when the other provider has no adapter yet: hence the look-up per
 * call, with our own adapter until the other one exists.
 *
 * <pre>{@code
 * MDCAdapter mdc = new DelegateMdcAdapter(log4jProvider);
 * }</pre>
 */
final class DelegateMdcAdapter implements MDCAdapter {
    private final SLF4JServiceProvider delegate;
    private final MDCAdapter beforeInitialisation = new ContextMdcAdapter();

    DelegateMdcAdapter(SLF4JServiceProvider delegate) {
        this.delegate = delegate;
    }

    private MDCAdapter target() {
        MDCAdapter target = delegate.getMDCAdapter();
        return target != null ? target : beforeInitialisation;
    }

    @Override public void put(String key, String val) { target().put(key, val); }
    @Override public String get(String key) { return target().get(key); }
    @Override public void remove(String key) { target().remove(key); }
    @Override public void clear() { target().clear(); }
    @Override public Map<String, String> getCopyOfContextMap() { return target().getCopyOfContextMap(); }
    @Override public void setContextMap(Map<String, String> contextMap) { target().setContextMap(contextMap); }
    @Override public void pushByKey(String key, String value) { target().pushByKey(key, value); }
    @Override public String popByKey(String key) { return target().popByKey(key); }
    @Override public Deque<String> getCopyOfDequeByKey(String key) { return target().getCopyOfDequeByKey(key); }
    @Override public void clearDequeByKey(String key) { target().clearDequeByKey(key); }
}
