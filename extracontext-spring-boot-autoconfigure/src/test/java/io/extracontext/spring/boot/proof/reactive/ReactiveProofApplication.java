package io.extracontext.spring.boot.proof.reactive;

import io.extracontext.ContextVar;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A WebFlux application with only the auto-configuration, properties and a ContextVar bean. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReactiveProofApplication.Hops.class)
public class ReactiveProofApplication {
    static final Logger LOG = LoggerFactory.getLogger("proof.reactive");

    @Bean
    ContextVar<String> requestId() {
        return new ContextVar<>("request_id");
    }

    static String show(Object value) {
        return value == null ? "-" : value.toString();
    }

    /** Each hop reports the variable and the MDC entry it sees; the handler hops threads three times. */
    @RestController
    public static class Hops {
        private final ContextVar<String> requestId;
        private final WebClient webClient;
        private final Environment environment;

        public Hops(ContextVar<String> requestId, WebClient.Builder webClients, Environment environment) {
            this.requestId = requestId;
            this.webClient = webClients.build();
            this.environment = environment;
        }

        private String seen() {
            return show(requestId.getOrNull()) + "/" + show(MDC.get("requestId"));
        }

        @GetMapping("/hop")
        public Mono<String> hop() {
            String assembly = seen();
            return Mono.fromCallable(this::seen)
                    .publishOn(Schedulers.boundedElastic())
                    .map(first -> {
                        LOG.info("elastic {}", requestId.getOrNull());
                        return assembly + "," + first + "," + seen();
                    })
                    .delayElement(Duration.ofMillis(1))
                    .map(soFar -> {
                        LOG.info("parallel {}", requestId.getOrNull());
                        return soFar + "," + seen();
                    });
        }
    
        /** What a downstream call received: the header, and the variable the filter bound from it. */
        @GetMapping("/echo")
        public Mono<String> echo(@RequestHeader(value = "X-Request-Id", required = false) String header) {
            return Mono.just(show(header) + "/" + show(requestId.getOrNull()));
        }

        /** A call back to this application through Boot's WebClient, made while handling the exchange. */
        @GetMapping("/call")
        public Mono<String> call() {
            String echo = "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/echo";
            return webClient.get().uri(echo).retrieve().bodyToMono(String.class)
                    .map(downstream -> downstream + "," + seen());
        }
    }
}
