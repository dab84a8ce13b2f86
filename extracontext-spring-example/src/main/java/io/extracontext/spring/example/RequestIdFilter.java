package io.extracontext.spring.example;

import io.extracontext.Context;
import io.extracontext.Contexts;
import io.extracontext.Token;
import io.extracontext.micrometer.ExtraContextAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Binds the request's {@code X-Request-Id} into {@link RequestId#VAR} for the whole request: a
 * copy of the context with the id set goes into the Reactor {@code Context} under
 * {@link ExtraContextAccessor#KEY}, and Reactor's automatic propagation makes it current in every
 * operator of the request, on every thread.
 */
@Component
public class RequestIdFilter implements WebFilter {
    private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(RequestId.HEADER);
        String id = RequestId.accept(header);
        Context context;
        try (Token<String> ignored = RequestId.VAR.set(id)) {
            context = Contexts.copyContext();
        }
        exchange.getResponse().getHeaders().set(RequestId.HEADER, id);
        return Mono.defer(() -> {
            log.info("step=filter path={} id={}", exchange.getRequest().getPath(), id);
            return chain.filter(exchange);
        }).contextWrite(reactorContext -> reactorContext.put(ExtraContextAccessor.KEY, context));
    }
}
