package io.extracontext.spring.example;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /work} reads the request id at every step of a pipeline that hops threads (a timer, the
 * bounded-elastic pool, an {@code @Async} pool, a {@code WebClient} call to {@code /echo} of the
 * same server and its response) and answers what each step saw; {@code /echo} answers the id its
 * own request was bound to, from the header the call sent.
 */
@RestController
public class RequestController {
    private static final Logger log = LoggerFactory.getLogger(RequestController.class);

    private final AuditService audit;
    private final WebClient webClient;
    private final Environment environment;

    public RequestController(AuditService audit, Environment environment) {
        this.audit = audit;
        // A plain WebClient (Boot 4 moved its auto-configured builder to spring-boot-webclient).
        this.webClient = WebClient.create();
        this.environment = environment;
    }

    /**
     * What each step of a thread-hopping pipeline saw, e.g.
     * {@code handler=r-1 delay=r-1 elastic=r-1 async=r-1 echo=r-1 client=r-1}.
     *
     * <pre>{@code
     * curl -H 'X-Request-Id: r-1' http://127.0.0.1:PORT/work
     * }</pre>
     */
    @GetMapping("/work")
    public Mono<String> work() {
        String atStart = RequestId.VAR.get("missing");
        log.info("step=handler id={}", atStart);
        return Mono.delay(Duration.ofMillis(2))
                .map(tick -> seen("delay", atStart))
                .publishOn(Schedulers.boundedElastic())
                .map(steps -> steps + " " + seen("elastic", atStart))
                .flatMap(steps -> Mono.fromFuture(audit.audit(atStart)).map(async -> steps + " async=" + async))
                .flatMap(steps -> webClient.get()
                        .uri("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/echo")
                        .header(RequestId.HEADER, RequestId.VAR.get("missing"))
                        .retrieve()
                        .bodyToMono(String.class)
                        .map(echo -> steps + " echo=" + echo + " " + seen("client", atStart)))
                .map(steps -> "handler=" + atStart + " " + steps);
    }

    /**
     * The id this request was bound to, from its own {@code X-Request-Id} header.
     *
     * <pre>{@code
     * curl -H 'X-Request-Id: r-1' http://127.0.0.1:PORT/echo   # r-1
     * }</pre>
     */
    @GetMapping("/echo")
    public String echo() {
        String id = RequestId.VAR.get("missing");
        log.info("step=echo id={}", id);
        return id;
    }

    /** Logs that [step] ran, and answers `step=<the id it saw>`. */
    private static String seen(String step, String expected) {
        log.info("step={} id={}", step, expected);
        return step + "=" + RequestId.VAR.get("missing");
    }
}
