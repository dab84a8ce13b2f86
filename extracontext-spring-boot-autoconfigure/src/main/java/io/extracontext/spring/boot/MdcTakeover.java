package io.extracontext.spring.boot;

import io.extracontext.slf4j.ContextMdc;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Puts extracontext's MDC in place of Logback's before any bean is made, so that an application
 * needs no {@code -Dslf4j.provider} flag: SLF4J has already initialised by then (Boot logs from
 * its first line), so the adapter is replaced in SLF4J's {@code MDC} and in Logback's
 * {@code LoggerContext} ({@link ContextMdc#install()}). Switched off by
 * {@value #PROPERTY}{@code =false}.
 */
final class MdcTakeover implements BeanFactoryPostProcessor, Ordered {
    static final String PROPERTY = "extracontext.logging.take-over-mdc";

    private final boolean enabled;
    private volatile boolean tookOver;

    MdcTakeover(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (enabled && !ForeignMdc.isOurs()) {
            tookOver = ContextMdc.install();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether this startup replaced Logback's MDC with ours. */
    boolean tookOver() {
        return tookOver;
    }
}
