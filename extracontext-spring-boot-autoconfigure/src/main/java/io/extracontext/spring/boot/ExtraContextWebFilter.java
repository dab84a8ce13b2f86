package io.extracontext.spring.boot;

import io.extracontext.Context;
import io.extracontext.micrometer.ExtraContextAccessor;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs each WebFlux exchange in a fresh, empty context, with the bound headers set on their
 * variables: the chain is assembled in that context, and the context rides in the Reactor
 * {@code Context} under {@link ExtraContextAccessor#KEY}, so that with Reactor's automatic context
 * propagation every operator, on whatever thread, runs in a copy of it. Nothing of one exchange
 * reaches another or stays on a Netty thread. Order {@code Ordered.HIGHEST_PRECEDENCE + 10}, as the
 * servlet filter's.
 *
 * <pre>{@code
 * extracontext.web.headers.X-Request-Id=request_id
 * }</pre>
 */
public final class ExtraContextWebFilter implements WebFilter, Ordered {
    /** The filter's order: {@code Ordered.HIGHEST_PRECEDENCE + 10}. */
    public static final int ORDER = ExtraContextServletFilter.ORDER;

    private final List<HeaderBinding> headers;

    ExtraContextWebFilter(List<HeaderBinding> headers) {
        this.headers = headers;
    }

    List<HeaderBinding> headers() {
        return headers;
    }

    /**
     * The filter's order, {@link #ORDER}: the user's filters run inside it.
     *
     * <pre>{@code
     * filter.getOrder() == Ordered.HIGHEST_PRECEDENCE + 10
     * }</pre>
     */
    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * Binds the headers in a fresh context, assembles the rest of the chain in it, and hands it to
     * Reactor for the operators that run later.
     *
     * <pre>{@code
     * filter.filter(exchange, chain)   // Spring's WebHandler calls it once per exchange
     * }</pre>
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders requestHeaders = exchange.getRequest().getHeaders();
        Context exchangeContext = new Context();
        // Writes during assembly (the bindings, a filter's own) land in this exchange's context.
        Mono<Void> rest;
        try {
            rest = exchangeContext.call(() -> {
                for (HeaderBinding binding : headers) {
                    binding.apply(requestHeaders.getFirst(binding.header));
                }
                return chain.filter(exchange);
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            return Mono.error(e); // Context.call declares it; the chain's assembly throws none
        }
        return rest.contextWrite(reactor -> reactor.put(ExtraContextAccessor.KEY, exchangeContext));
    }
}
