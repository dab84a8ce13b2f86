package io.extracontext.spring.starter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the startup report (the {@code java.util.logging} logger {@code io.extracontext.spring.boot}) while open. */
final class ReportCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.extracontext.spring.boot");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    ReportCapture() {
        logger.addHandler(this);
    }

    /** The report's INFO line, beginning {@code extracontext:}. */
    String line() {
        return records.stream().filter(r -> r.getLevel() == Level.INFO && r.getMessage().startsWith("extracontext:"))
                .map(LogRecord::getMessage).findFirst().orElse("no report line among " + records.size() + " records");
    }

    List<String> warnings() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
