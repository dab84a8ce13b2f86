package io.extracontext.spring.example;

import io.extracontext.Context;
import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import io.extracontext.Token;
import io.extracontext.micrometer.ExtraContextAccessor;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor without Spring: with the automatic propagation on, a {@link ContextVar} is current in
 * operators on every scheduler, from the subscriber's context or from a context put in the Reactor
 * {@code Context} under {@link ExtraContextAccessor#KEY}. The module README shows this code; it
 * checks what it shows and throws if it is not true.
 */
public final class ReactorExample {
    private ReactorExample() {}

    public static void main(String[] args) {
        ContextVar<String> requestId = new ContextVar<>("request_id");
        Hooks.enableAutomaticContextPropagation();        // Spring Boot: spring.reactor.context-propagation=auto
        try {
            try (Token<String> t = requestId.set("r-1")) {
                String seen = Mono.delay(Duration.ofMillis(1))        // a timer thread
                        .publishOn(Schedulers.boundedElastic())       // then a pool thread
                        .map(tick -> requestId.get())
                        .block();                                     // block() captures the caller's context
                check("r-1".equals(seen), "block(): the map saw " + seen);
            }

            Context saved;                                            // or carry a saved context with the pipeline
            try (Token<String> t = requestId.set("r-2")) {
                saved = Contexts.copyContext();
            }
            List<String> all = Flux.range(1, 3)
                    .publishOn(Schedulers.parallel())
                    .map(i -> requestId.get())
                    .contextWrite(reactor.util.context.Context.of(ExtraContextAccessor.KEY, saved))
                    .collectList()
                    .block();
            check(List.of("r-2", "r-2", "r-2").equals(all), "contextWrite: the map saw " + all);
            check(!requestId.isSet(), "the caller's context changed");
        } finally {
            Hooks.disableAutomaticContextPropagation();
        }
        System.out.println("Reactor with extracontext-micrometer: block() and contextWrite(KEY) carry the ContextVar across schedulers");
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("ReactorExample failed: " + what);
    }
}
