package io.extracontext.spring.boot;

import io.extracontext.ContextVar;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code extracontext.web.headers.<header>=<variable>} binding. A header value is untrusted input:
 * one that is empty, too long or holds a non-printable character is skipped with one FINE line and
 * never throws.
 */
final class HeaderBinding {
    private static final Logger LOG = Logger.getLogger(ExtraContextAutoConfiguration.LOGGER_NAME);

    final String header;
    private final ContextVar<Object> variable;
    private final int maxLength;

    @SuppressWarnings("unchecked")
    HeaderBinding(String header, ContextVar<?> variable, int maxLength) {
        this.header = header;
        this.variable = (ContextVar<Object>) variable;
        this.maxLength = maxLength;
    }

    String variableName() {
        return variable.getName();
    }

    /** Sets the variable to {@code value} in the current context when the value is acceptable. */
    void apply(String value) {
        if (value == null) {
            return;
        }
        String problem = problemWith(value);
        if (problem != null) {
            // The value itself is not logged: it is untrusted (log injection, size).
            LOG.log(Level.FINE, () -> "extracontext: header " + header + " skipped (" + problem
                    + "); variable " + variable.getName() + " not set");
            return;
        }
        variable.set(value);
    }

    /**
     * The variable's value in the current context, to send under {@link #header} on an outgoing
     * request, or null: unset, not a String, or not acceptable as a header value (never sends CR/LF).
     */
    String outgoingValue() {
        Object value = variable.getOrNull();
        if (!(value instanceof String)) {
            return null;
        }
        String problem = problemWith((String) value);
        if (problem != null) {
            LOG.log(Level.FINE, () -> "extracontext: variable " + variable.getName() + " not sent as header " + header
                    + " (" + problem + ")");
            return null;
        }
        return (String) value;
    }

    private String problemWith(String value) {
        if (value.isEmpty()) {
            return "empty";
        }
        if (value.length() > maxLength) {
            return "length " + value.length() + " > extracontext.web.max-header-length=" + maxLength;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!printable(c)) {
                return "non-printable character U+" + String.format("%04X", (int) c) + " at index " + i;
            }
        }
        return null;
    }

    private static boolean printable(char c) {
        if (Character.isISOControl(c)) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
