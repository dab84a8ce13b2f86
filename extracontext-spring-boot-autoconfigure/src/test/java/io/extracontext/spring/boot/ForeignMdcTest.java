package io.extracontext.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * SLF4J with Logback's own MDC (no -Dslf4j.provider) and the starter's take-over switched off: the
 * mistake is reported and contained.
 */
class ForeignMdcTest {
    static {
        // This class runs in a JVM of its own (see the pom): SLF4J is not initialised yet, so without the
        // property it binds Logback and its thread-local MDC, as an application without the JVM flag does.
        System.clearProperty("slf4j.provider");
    }

    private final WebApplicationContextRunner web = MdcWebApplications.runner("extracontext.logging.take-over-mdc=false");

    @Test
    void theStartupReportWarnsOnceThatTheMdcIsNotOursAndNamesTheJvmFlag() {
        assertFalse(ForeignMdc.isOurs(), "precondition: Logback's MDC, got " + ForeignMdc.adapterClass());
        try (JulCapture log = new JulCapture()) {
            web.run(context -> assertTrue(context.isRunning()));
            List<String> warnings = log.at(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            String warning = warnings.get(0);
            assertTrue(warning.contains("not extracontext's"), warning);
            assertTrue(warning.contains("[requestId]"), warning);
            assertTrue(warning.contains("-Dslf4j.provider=io.extracontext.slf4j.ExtraContextServiceProvider"), warning);
            assertTrue(warning.contains("remove extracontext.logging.take-over-mdc=false"), warning);
            assertTrue(log.at(Level.INFO).get(0).contains("mdc=not ours"), log.at(Level.INFO).toString());
        }
    }

    @Test
    void theFilterPutsBackTheThreadsMdcSoARequestsEntriesDoNotReachTheNextRequest() {
        web.run(context -> {
            ExtraContextServletFilter filter = context.getBean(ExtraContextServletFilter.class);
            AtomicReference<String> second = new AtomicReference<>();
            MDC.put("outer", "kept");
            try {
                filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), new MockFilterChain(
                        new jakarta.servlet.http.HttpServlet() {
                            @Override
                            protected void service(jakarta.servlet.http.HttpServletRequest req,
                                    jakarta.servlet.http.HttpServletResponse res) {
                                MDC.put("step", "leftover");
                            }
                        }));
                assertEquals(null, MDC.get("step"));
                assertEquals("kept", MDC.get("outer"));
                MDC.clear();
                filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), new MockFilterChain(
                        new jakarta.servlet.http.HttpServlet() {
                            @Override
                            protected void service(jakarta.servlet.http.HttpServletRequest req,
                                    jakarta.servlet.http.HttpServletResponse res) {
                                second.set(MDC.get("step"));
                                MDC.put("step", "again");
                            }
                        }));
                assertEquals(null, second.get());
                assertEquals(null, MDC.get("step"));
            } finally {
                MDC.clear();
            }
        });
    }
}
