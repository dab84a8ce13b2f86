package io.extracontext.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.extracontext.Context;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * An application without {@code -Dslf4j.provider}, whose SLF4J was initialised with Logback's own
 * MDC before anything of ours ran (a static Logger in the class with {@code main}): the starter puts
 * our MDC in place at startup, and Logback's events show the MDC of the context that logged.
 */
class MdcTakeoverTest {
    static {
        // This class runs in a JVM of its own (see the pom): without the property SLF4J binds Logback.
        System.clearProperty("slf4j.provider");
    }

    // SLF4J initialises here, with Logback's thread-local MDC, as in an application's main class.
    private static final Logger LOG = LoggerFactory.getLogger(MdcTakeoverTest.class);

    private final WebApplicationContextRunner web = MdcWebApplications.runner();

    @Test
    void withoutTheJvmFlagTheStarterPutsOurMdcInPlaceAndLogbackEventsShowEachContextsEntries() {
        // In a context of its own: the entry put before startup moves into it, and goes with it.
        new Context().run(this::startWithLogbacksMdc);
    }

    private void startWithLogbacksMdc() {
        LOG.info("SLF4J is initialised");
        assertEquals("ch.qos.logback.classic.util.LogbackMDCAdapter", ForeignMdc.adapterClass(), "precondition");
        MDC.put("before", "kept");
        try (JulCapture log = new JulCapture()) {
            web.run(context -> {
                assertTrue(ForeignMdc.isOurs(), ForeignMdc.adapterClass());
                LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
                assertSame(MDC.getMDCAdapter(), logback.getMDCAdapter(), "SLF4J's MDC and Logback's events agree");
                assertEquals("kept", MDC.get("before"), "what the thread had put before is not lost");

                ListAppender<ILoggingEvent> events = new ListAppender<>();
                events.setContext(logback);
                events.start();
                ch.qos.logback.classic.Logger probe = logback.getLogger("takeover-probe");
                probe.addAppender(events);
                try {
                    new Context().run(() -> {
                        MDC.put("step", "inside");
                        probe.info("inside a context");
                    });
                    probe.info("outside it");
                } finally {
                    probe.detachAppender(events);
                }
                assertEquals("inside", events.list.get(0).getMDCPropertyMap().get("step"));
                assertNull(events.list.get(1).getMDCPropertyMap().get("step"), "the entry stayed in its context");
                assertNull(MDC.get("step"));
                assertEquals("kept", events.list.get(1).getMDCPropertyMap().get("before"));
            });
            List<String> warnings = log.at(Level.WARNING);
            assertTrue(warnings.isEmpty(), warnings.toString());
            String report = log.at(Level.INFO).get(0);
            assertTrue(report.contains("mdc=ours (put in place of Logback's at startup"), report);
        }
    }
}
