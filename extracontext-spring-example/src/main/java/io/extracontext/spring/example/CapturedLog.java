package io.extracontext.spring.example;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every line the application's loggers write while attached, formatted as
 * {@code <%rid>|<thread>|<message>}: {@code %rid} is {@link RequestIdConverter}, which prints
 * {@link RequestId#VAR} as the logging code sees it.
 */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final PatternLayout layout = new PatternLayout();
    private final Logger logger;

    private CapturedLog(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing the lines of the loggers under {@code io.extracontext.spring.example}. */
    static CapturedLog attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CapturedLog captured = new CapturedLog(context.getLogger("io.extracontext.spring.example"));
        captured.layout.setContext(context);
        captured.layout.getInstanceConverterMap().put("rid", RequestIdConverter::new);
        captured.layout.setPattern("%rid|%thread|%msg");
        captured.layout.start();
        captured.setContext(context);
        captured.start();
        captured.logger.addAppender(captured);
        return captured;
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(layout.doLayout(event));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
