package io.extracontext.examples.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Logback appender that keeps the formatted lines in memory, so that the logging examples can
 * check what was really written (request id included), not merely what they meant to write.
 */
public final class CapturedLines extends AppenderBase<ILoggingEvent> {
    private static final Queue<String> LINES = new ConcurrentLinkedQueue<>();
    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("CapturedLines needs an <encoder>");
            return;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Formatted here, on the logging thread: that is when %requestId reads the ContextVar.
        LINES.add(new String(encoder.encode(event), StandardCharsets.UTF_8).strip());
    }

    /** The lines captured since the last call, oldest first. */
    public static List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String line; (line = LINES.poll()) != null; ) {
            out.add(line);
        }
        return out;
    }
}
