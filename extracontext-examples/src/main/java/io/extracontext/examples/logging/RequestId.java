package io.extracontext.examples.logging;

import io.extracontext.ContextVar;

/**
 * The request id of the HTTP and {@code with_request_id} examples: one {@link ContextVar}, read by
 * the Logback converter {@link RequestIdConverter} for every log line. {@code "-"} outside a request.
 */
public final class RequestId {
    private RequestId() {}

    public static final ContextVar<String> VAR = new ContextVar<>("request_id", "-");
}
