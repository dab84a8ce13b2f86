package io.extracontext.spring.example;

import io.extracontext.ContextVar;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of the code that runs: one {@link ContextVar}, bound by {@link RequestIdFilter}
 * and carried by extracontext-micrometer through Reactor, {@code @Async} and {@code WebClient}.
 *
 * <pre>{@code
 * String id = RequestId.VAR.get();
 * }</pre>
 */
public final class RequestId {
    /** The header that carries the id between processes. */
    public static final String HEADER = "X-Request-Id";

    /** The current request's id. */
    public static final ContextVar<String> VAR = new ContextVar<>("request_id");

    private static final int MAX_LENGTH = 64;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    private RequestId() {}

    /**
     * The id to use for a request whose header held {@code header}: the header itself when it is a
     * short token of letters, digits, {@code . _ -}; otherwise (missing, blank, too long, or with
     * characters that could forge a log line) a fresh {@code gen-} id. Never throws.
     *
     * <pre>{@code
     * RequestId.accept("r-1")          // "r-1"
     * RequestId.accept("a\nb")         // "gen-..."
     * }</pre>
     */
    public static String accept(String header) {
        if (header != null && header.length() <= MAX_LENGTH && SAFE.matcher(header).matches()) {
            return header;
        }
        return "gen-" + UUID.randomUUID();
    }
}
