package io.extracontext.examples.servlet;

import io.extracontext.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Runs every request in a fresh, empty context on whatever pooled thread the container gives it,
 * with the request id in the MDC (kept in that context by extracontext-slf4j): nothing a request
 * sets can reach the next request on the same thread, even if some code forgets to remove it.
 */
@WebFilter("/*")
public class RequestContextFilter implements Filter {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        String header = ((HttpServletRequest) request).getHeader("X-Request-Id");
        String id = header != null && SAFE_ID.matcher(header).matches() ? header : UUID.randomUUID().toString();   // hostile input: replaced
        try {
            new Context().call(() -> {                       // this request's own context
                MDC.put("request_id", id);                   // every log line of the request carries it
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }
}
