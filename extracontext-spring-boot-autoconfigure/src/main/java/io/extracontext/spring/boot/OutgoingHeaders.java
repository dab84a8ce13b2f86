package io.extracontext.spring.boot;

import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * The bound variables sent back out as headers on the requests of Boot's {@code RestClient} and
 * {@code WebClient} builders: a header the request already has is never replaced, and a value that
 * is not a safe header value is never sent.
 */
final class OutgoingHeaders {
    private final List<HeaderBinding> bindings;

    OutgoingHeaders(List<HeaderBinding> bindings) {
        this.bindings = bindings;
    }

    /** Adds each bound variable's current value under its header, where {@code headers} has none. */
    void addTo(HttpHeaders headers) {
        for (HeaderBinding binding : bindings) {
            // getFirst, not containsHeader: the same call on Spring Framework 6 (Boot 3.5) and 7.
            if (headers.getFirst(binding.header) != null) {
                continue;
            }
            String value = binding.outgoingValue();
            if (value != null) {
                headers.set(binding.header, value);
            }
        }
    }
}
