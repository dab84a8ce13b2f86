package io.extracontext.examples.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %requestId} in a Logback pattern: the {@link RequestId} of the code that logs.
 *
 * <p>Why a converter and not the MDC: the MDC is a second copy of the value that has to be put,
 * removed, and copied into every pool task and coroutine by hand; this reads the one
 * {@code ContextVar}, which extracontext already carries wherever the work goes.
 *
 * <p>The caveat: a converter runs when the line is formatted. Synchronous appenders (console, file,
 * the {@link CapturedLines} of the examples) format on the logging thread, so the value is the
 * logging code's own. Behind an {@code AsyncAppender} the line is formatted on another thread;
 * there, copy the id into the event when it is created (the MDC, or a key-value pair) instead.
 */
public final class RequestIdConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return RequestId.VAR.get();
    }
}
