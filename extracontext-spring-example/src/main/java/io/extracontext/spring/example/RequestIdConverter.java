package io.extracontext.spring.example;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %rid} in a Logback pattern: {@link RequestId#VAR} as the code that logs sees it, or
 * {@code -} where it has none. It runs when the line is formatted, on the logging thread, with a
 * synchronous appender.
 */
public final class RequestIdConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return RequestId.VAR.get("-");
    }
}
