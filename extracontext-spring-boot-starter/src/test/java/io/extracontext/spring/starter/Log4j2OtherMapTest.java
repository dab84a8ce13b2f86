package io.extracontext.spring.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.log4j2.ContextThreadContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
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
        List<LogRecord> report = new CopyOnWriteArrayList<>();
        java.util.logging.Logger reportLogger = java.util.logging.Logger.getLogger(Log4j2ApplicationTest.REPORT_LOGGER);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                report.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        reportLogger.addHandler(handler);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Log4j2ApplicationTest.App.class)
                .properties("server.address=127.0.0.1", "server.port=0", "extracontext.mdc.requestId=request_id")
                .run()) {
            assertFalse(ContextThreadContext.isInstalled());
            List<String> warnings = report.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
            assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
            assertTrue(warnings.get(0).contains("Log4j2's ThreadContext, whose map is not extracontext's"), warnings.get(0));
            assertTrue(warnings.get(0).contains("-Dlog4j2.threadContextMap"), warnings.get(0));
            assertTrue(warnings.get(0).contains("the bound keys [requestId] are missing from log lines"), warnings.get(0));
            String line = report.stream().filter(r -> r.getLevel() == Level.INFO && r.getMessage().startsWith("extracontext:"))
                    .map(LogRecord::getMessage).findFirst().orElse("no report");
            assertTrue(line.contains("mdc=not ours (Log4j2's own ThreadContext map"), line);
        } finally {
            reportLogger.removeHandler(handler);
            System.clearProperty("log4j2.threadContextMap");
        }
    }
}
