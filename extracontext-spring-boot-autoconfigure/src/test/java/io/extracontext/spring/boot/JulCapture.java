package io.extracontext.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Captures the records of the logger {@code io.extracontext.spring.boot} while open. */
final class JulCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(ExtraContextAutoConfiguration.LOGGER_NAME);
    private final Level before = logger.getLevel();
    final List<LogRecord> records = new CopyOnWriteArrayList<>();

    JulCapture() {
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    List<String> at(Level level) {
        return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage)
                .collect(Collectors.toList());
    }

    List<String> fine() {
        return records.stream().filter(r -> r.getLevel() == Level.FINE)
                .map(r -> r.getMessage() != null ? r.getMessage() : "")
                .collect(Collectors.toList());
    }

    @Override
    public void publish(LogRecord record) {
        // Supplier-built messages are already formatted by the time a handler sees them.
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(before);
    }
}
