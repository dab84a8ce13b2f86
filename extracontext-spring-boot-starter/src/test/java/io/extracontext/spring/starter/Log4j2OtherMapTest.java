package io.extracontext.spring.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.log4j2.ContextThreadContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same application with Log4j2 told to use another {@code ThreadContext} map (as a
 * {@code -Dlog4j2.threadContextMap} flag does; this class runs in its own JVM): the startup report
 * says the MDC is not ours, and one WARNING names the setting and the fix.
 */
class Log4j2OtherMapTest {
    static {
        // Before anything initialises Log4j2 in this JVM: a system property wins over the starter's file.
        System.setProperty("log4j2.threadContextMap", "org.apache.logging.log4j.spi.DefaultThreadContextMap");
    }

    @Test
    void anotherThreadContextMapIsReportedInOneWarningThatNamesTheSettingAndTheFix() {
        try (ReportCapture report = new ReportCapture();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(Log4j2ApplicationTest.App.class)
                .properties("server.address=127.0.0.1", "server.port=0", "extracontext.mdc.requestId=request_id")
                .run()) {
            assertFalse(ContextThreadContext.isInstalled());
            List<String> warnings = report.warnings();
            assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
            assertTrue(warnings.get(0).contains("Log4j2's ThreadContext, whose map is not extracontext's"), warnings.get(0));
            assertTrue(warnings.get(0).contains("-Dlog4j2.threadContextMap"), warnings.get(0));
            assertTrue(warnings.get(0).contains("the bound keys [requestId] are missing from log lines"), warnings.get(0));
            String line = report.line();
            assertTrue(line.contains("mdc=not ours (Log4j2's own ThreadContext map"), line);
        } finally {
            System.clearProperty("log4j2.threadContextMap");
        }
    }
}
