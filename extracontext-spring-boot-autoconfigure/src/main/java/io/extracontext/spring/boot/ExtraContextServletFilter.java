package io.extracontext.spring.boot;

import io.extracontext.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs each HTTP request in a fresh, empty context, with the bound headers set on their variables:
 * nothing the request sets (variables, MDC entries) survives it on the container's thread.
 * Order {@code Ordered.HIGHEST_PRECEDENCE + 10}, so the user's filters run inside it.
 *
 * <pre>{@code
 * extracontext.web.headers.X-Request-Id=request_id
 * }</pre>
 */
public final class ExtraContextServletFilter extends OncePerRequestFilter implements Ordered {
    /** The filter's order: {@code Ordered.HIGHEST_PRECEDENCE + 10}. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final List<HeaderBinding> headers;
    private final boolean restoreForeignMdc;

    ExtraContextServletFilter(List<HeaderBinding> headers, boolean restoreForeignMdc) {
        this.headers = headers;
        this.restoreForeignMdc = restoreForeignMdc;
    }

    List<HeaderBinding> headers() {
        return headers;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // An MDC that is not ours lives on the thread: put back what the thread had before.
        Map<String, String> mdcBefore = restoreForeignMdc ? ForeignMdc.snapshot() : null;
        try {
            new Context().call(() -> {
                for (HeaderBinding binding : headers) {
                    binding.apply(request.getHeader(binding.header));
                }
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        } finally {
            if (restoreForeignMdc) {
                ForeignMdc.restore(mdcBefore);
            }
        }
    }
}
