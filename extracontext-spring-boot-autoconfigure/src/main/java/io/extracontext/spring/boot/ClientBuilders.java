package io.extracontext.spring.boot;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring Boot 3.x, which has none of Boot 4's {@code RestClientCustomizer}/{@code WebClientCustomizer}
 * types: the {@code RestClient.Builder} and {@code WebClient.Builder} beans Boot makes get the bound
 * variables as outgoing headers as each is made (Boot makes them per injection point). The bindings
 * are resolved at the first builder, so that this post-processor, made early, makes no bean early.
 */
final class Boot3ClientBuilders {
    private Boot3ClientBuilders() {}

    /** The headers, resolved once on first use. */
    static final class Headers {
        private final ObjectProvider<ExtraContextProperties> properties;
        private final ObjectProvider<ContextVariables> variables;
        private volatile OutgoingHeaders resolved;

        Headers(ObjectProvider<ExtraContextProperties> properties, ObjectProvider<ContextVariables> variables) {
            this.properties = properties;
            this.variables = variables;
        }

        OutgoingHeaders get() {
            OutgoingHeaders headers = resolved;
            if (headers == null) {
                headers = new OutgoingHeaders(ExtraContextAutoConfiguration.headerBindings(properties.getObject(), variables.getObject()));
                resolved = headers;
            }
            return headers;
        }
    }

    /** Adds the headers to each {@code RestClient.Builder} bean. */
    static final class RestClients implements BeanPostProcessor {
        private final Headers headers;

        RestClients(Headers headers) {
            this.headers = headers;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof RestClient.Builder builder) {
                builder.requestInterceptor((request, body, execution) -> {
                    headers.get().addTo(request.getHeaders());
                    return execution.execute(request, body);
                });
            }
            return bean;
        }
    }

    /** Adds the headers to each {@code WebClient.Builder} bean, read where the exchange starts. */
    static final class WebClients implements BeanPostProcessor {
        private final Headers headers;

        WebClients(Headers headers) {
            this.headers = headers;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof WebClient.Builder builder) {
                builder.filter((request, next) -> next.exchange(ClientRequest.from(request).headers(headers.get()::addTo).build()));
            }
            return bean;
        }
    }
}
