package io.extracontext.spring.boot.proof.outgoing;

import io.extracontext.ContextVar;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** A servlet application that calls itself through the RestClient and WebClient builders Boot makes. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(OutgoingApplication.Calls.class)
public class OutgoingApplication {
    @Bean
    ContextVar<String> requestId() {
        return new ContextVar<>("request_id");
    }

    @RestController
    public static class Calls {
        private final RestClient rest;
        private final WebClient web;
        private final Environment environment;

        public Calls(RestClient.Builder rest, WebClient.Builder web, Environment environment) {
            this.rest = rest.build();
            this.web = web.build();
            this.environment = environment;
        }

        private String self() {
            return "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/echo";
        }

        /** The header as it arrived, untouched by any binding. */
        @GetMapping("/echo")
        public String echo(@RequestHeader(name = "X-Request-Id", required = false) String header) {
            return header == null ? "-" : header;
        }

        @GetMapping("/rest")
        public String viaRestClient() {
            return rest.get().uri(self()).retrieve().body(String.class);
        }

        @GetMapping("/rest-own-header")
        public String viaRestClientWithItsOwnHeader() {
            return rest.get().uri(self()).header("X-Request-Id", "set-by-the-caller").retrieve().body(String.class);
        }

        @GetMapping("/web")
        public String viaWebClient() {
            return web.get().uri(self()).retrieve().bodyToMono(String.class).block();
        }
    }
}
