package io.extracontext.spring.boot;

import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The bound variables as outgoing headers on the {@code RestClient.Builder} and {@code WebClient.Builder}
 * beans Boot makes: the interceptor and the filter that add them, which Boot 4's customizers install,
 * and for Spring Boot 3.x, which has none of Boot 4's {@code RestClientCustomizer}/{@code
 * WebClientCustomizer} types, post-processors that install them on each builder bean as it is made
 * (Boot makes them per injection point). There the bindings are resolved at the first builder, so
 * that the post-processor, made early, makes no bean early.
 */
final class ClientBuilders {
    private ClientBuilders() {}

    /** The headers, resolved once on first use. */
    static final class Headers implements Supplier<OutgoingHeaders> {
        private final ObjectProvider<ExtraContextProperties> properties;
        private final ObjectProvider<ContextVariables> variables;
        private volatile OutgoingHeaders resolved;

        Headers(ObjectProvider<ExtraContextProperties> properties, ObjectProvider<ContextVariables> variables) {
            this.properties = properties;
            this.variables = variables;
        }

        @Override
        public OutgoingHeaders get() {
            OutgoingHeaders headers = resolved;
            if (headers == null) {
                headers = new OutgoingHeaders(ExtraContextAutoConfiguration.headerBindings(properties.getObject(), variables.getObject()));
                resolved = headers;
            }
            return headers;
        }
    }

    /** Adds the headers to each {@code RestClient.Builder} bean (Boot 3). */
    static final class RestClients implements BeanPostProcessor {
        private final Headers headers;

        RestClients(Headers headers) {
            this.headers = headers;
        }

        /** Adds {@code headers} to every request of a {@code RestClient} where it has none of them. */
        static ClientHttpRequestInterceptor interceptor(Supplier<OutgoingHeaders> headers) {
            return (request, body, execution) -> {
                headers.get().addTo(request.getHeaders());
                return execution.execute(request, body);
            };
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof RestClient.Builder builder) {
                builder.requestInterceptor(interceptor(headers));
            }
            return bean;
        }
    }

    /** Adds the headers to each {@code WebClient.Builder} bean (Boot 3). */
    static final class WebClients implements BeanPostProcessor {
        private final Headers headers;

        WebClients(Headers headers) {
            this.headers = headers;
        }

        /**
         * Adds {@code headers} to every exchange of a {@code WebClient} where it has none of them, read where
         * the exchange starts: in the caller's context (a blocking caller's thread, or an operator that
         * Reactor's automatic propagation runs in the exchange's context).
         */
        static ExchangeFilterFunction filter(Supplier<OutgoingHeaders> headers) {
            return (request, next) -> next.exchange(ClientRequest.from(request).headers(headers.get()::addTo).build());
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof WebClient.Builder builder) {
                builder.filter(filter(headers));
            }
            return bean;
        }
    }
}
