package io.extracontext.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code extracontext.*} properties of the Spring Boot auto-configuration.
 *
 * <pre>{@code
 * extracontext.web.headers.X-Request-Id=request_id
 * extracontext.mdc.requestId=request_id
 * }</pre>
 *
 * <p>Each value names a {@code ContextVar} bean by the variable's {@code name}; a name that no bean has
 * fails the startup.
 */
@ConfigurationProperties(prefix = "extracontext")
public class ExtraContextProperties {
    private final Web web = new Web();
    private final Executors executors = new Executors();
    private final Logging logging = new Logging();
    /** MDC key to the name of a ContextVar bean whose value the MDC shows under that key. */
    private Map<String, String> mdc = new LinkedHashMap<>();

    /**
     * The HTTP request settings.
     *
     * <pre>{@code
     * properties.getWeb().getMaxHeaderLength(); // 256
     * }</pre>
     *
     * @return the {@code extracontext.web.*} settings
     */
    public Web getWeb() {
        return web;
    }

    /**
     * The executor settings.
     *
     * <pre>{@code
     * properties.getExecutors().isEnabled(); // true
     * }</pre>
     *
     * @return the {@code extracontext.executors.*} settings
     */
    public Executors getExecutors() {
        return executors;
    }

    /**
     * The logging settings.
     *
     * <pre>{@code
     * properties.getLogging().isTakeOverMdc(); // true
     * }</pre>
     *
     * @return the {@code extracontext.logging.*} settings
     */
    public Logging getLogging() {
        return logging;
    }

    /**
     * MDC key to variable name, as in {@code extracontext.mdc.requestId=request_id}.
     *
     * <pre>{@code
     * properties.getMdc().get("requestId"); // "request_id"
     * }</pre>
     *
     * @return the bindings, in the order written
     */
    public Map<String, String> getMdc() {
        return mdc;
    }

    /**
     * Replaces the MDC bindings (used by Boot's binder).
     *
     * <pre>{@code
     * properties.setMdc(Map.of("requestId", "request_id"));
     * }</pre>
     *
     * @param mdc MDC key to variable name
     */
    public void setMdc(Map<String, String> mdc) {
        this.mdc = mdc;
    }

    /**
     * {@code extracontext.web.*}: each HTTP request in its own fresh context, headers bound to variables.
     *
     * <pre>{@code
     * extracontext.web.headers.X-Request-Id=request_id
     * }</pre>
     */
    public static class Web {
        /** Whether each HTTP request runs in its own fresh context (a servlet filter). */
        private boolean enabled = true;
        /** Incoming header name to the name of a ContextVar bean set to the header's value for the request. */
        private Map<String, String> headers = new LinkedHashMap<>();
        /** Longest header value bound to a variable; a longer one is skipped (logged at FINE). */
        private int maxHeaderLength = 256;
        /** Whether the RestClient and WebClient builders Boot makes send each bound variable's value under its header. */
        private boolean sendHeaders = true;

        /**
         * Whether outgoing {@code RestClient}/{@code WebClient} requests carry the bound variables as headers.
         *
         * <pre>{@code
         * web.isSendHeaders(); // true unless extracontext.web.send-headers=false
         * }</pre>
         *
         * @return true by default
         */
        public boolean isSendHeaders() {
            return sendHeaders;
        }

        /**
         * Switches the outgoing headers on or off.
         *
         * <pre>{@code
         * web.setSendHeaders(false);
         * }</pre>
         *
         * @param sendHeaders false sends nothing
         */
        public void setSendHeaders(boolean sendHeaders) {
            this.sendHeaders = sendHeaders;
        }

        /**
         * Whether each request runs in its own fresh context.
         *
         * <pre>{@code
         * web.isEnabled(); // true unless extracontext.web.enabled=false
         * }</pre>
         *
         * @return true by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Switches the per-request context on or off.
         *
         * <pre>{@code
         * web.setEnabled(false);
         * }</pre>
         *
         * @param enabled false turns the filter off
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Header name to variable name.
         *
         * <pre>{@code
         * web.getHeaders().get("X-Request-Id"); // "request_id"
         * }</pre>
         *
         * @return the bindings, in the order written
         */
        public Map<String, String> getHeaders() {
            return headers;
        }

        /**
         * Replaces the header bindings (used by Boot's binder).
         *
         * <pre>{@code
         * web.setHeaders(Map.of("X-Request-Id", "request_id"));
         * }</pre>
         *
         * @param headers header name to variable name
         */
        public void setHeaders(Map<String, String> headers) {
            this.headers = headers;
        }

        /**
         * The longest header value that is bound.
         *
         * <pre>{@code
         * web.getMaxHeaderLength(); // 256
         * }</pre>
         *
         * @return 256 by default
         */
        public int getMaxHeaderLength() {
            return maxHeaderLength;
        }

        /**
         * Sets the longest header value that is bound.
         *
         * <pre>{@code
         * web.setMaxHeaderLength(64);
         * }</pre>
         *
         * @param maxHeaderLength a length in characters
         */
        public void setMaxHeaderLength(int maxHeaderLength) {
            this.maxHeaderLength = maxHeaderLength;
        }
    }

    /**
     * {@code extracontext.executors.*}: Boot's executors and {@code @Scheduled} runs.
     *
     * <pre>{@code
     * extracontext.executors.enabled=false
     * }</pre>
     */
    public static class Executors {
        /** Whether Boot's executors and schedulers carry the context (a TaskDecorator) and each @Scheduled run starts from an empty context. */
        private boolean enabled = true;

        /**
         * Whether the executors carry the context.
         *
         * <pre>{@code
         * executors.isEnabled(); // true
         * }</pre>
         *
         * @return true by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Switches the executor support on or off.
         *
         * <pre>{@code
         * executors.setEnabled(false);
         * }</pre>
         *
         * @param enabled false leaves Boot's executors alone
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * {@code extracontext.logging.*}: the MDC.
     *
     * <pre>{@code
     * extracontext.logging.take-over-mdc=false
     * }</pre>
     */
    public static class Logging {
        /** Whether extracontext's MDC is put in place of Logback's at startup, so that no -Dslf4j.provider flag is needed (read before any bean is made). */
        private boolean takeOverMdc = true;

        /**
         * Whether the MDC is taken over at startup.
         *
         * <pre>{@code
         * logging.isTakeOverMdc(); // true
         * }</pre>
         *
         * @return true by default
         */
        public boolean isTakeOverMdc() {
            return takeOverMdc;
        }

        /**
         * Switches the take-over on or off.
         *
         * <pre>{@code
         * logging.setTakeOverMdc(false);
         * }</pre>
         *
         * @param takeOverMdc false leaves SLF4J's MDC as SLF4J bound it
         */
        public void setTakeOverMdc(boolean takeOverMdc) {
            this.takeOverMdc = takeOverMdc;
        }
    }
}
