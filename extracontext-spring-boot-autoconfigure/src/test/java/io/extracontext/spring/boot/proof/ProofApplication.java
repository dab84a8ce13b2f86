package io.extracontext.spring.boot.proof;

import io.extracontext.ContextVar;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** An application with only the auto-configuration, properties and a ContextVar bean. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
@EnableScheduling
@Import({ProofApplication.Hops.class, ProofApplication.AsyncWork.class, ProofApplication.Ticks.class})
public class ProofApplication {
    static final Logger LOG = LoggerFactory.getLogger("proof");
    static final String NONE = "-";

    @Bean
    ContextVar<String> requestId() {
        return new ContextVar<>("request_id");
    }

    static String show(Object value) {
        return value == null ? NONE : value.toString();
    }

    @Component
    public static class AsyncWork {
        private final ContextVar<String> requestId;

        public AsyncWork(ContextVar<String> requestId) {
            this.requestId = requestId;
        }

        @Async
        public CompletableFuture<String> work(String expected) {
            LOG.info("async {}", expected);
            String seen = show(requestId.getOrNull()) + "/" + show(MDC.get("step"));
            // What an @Async task sets is invisible to the request afterwards.
            requestId.set("set-by-async");
            MDC.put("step", "async");
            return CompletableFuture.completedFuture(seen);
        }
    }

    @RestController
    public static class Hops {
        private final ContextVar<String> requestId;
        private final AsyncWork async;
        private final AsyncTaskExecutor executor;

        public Hops(ContextVar<String> requestId, AsyncWork async, AsyncTaskExecutor applicationTaskExecutor) {
            this.requestId = requestId;
            this.async = async;
            this.executor = applicationTaskExecutor;
        }

        /** Each hop answers what it saw: variable/MDC step. */
        @GetMapping("/hop")
        public String hop(@RequestHeader("X-Request-Id") String header) throws Exception {
            String controller = show(requestId.getOrNull()) + "/" + show(MDC.get("step"));
            MDC.put("step", "controller");
            LOG.info("controller {}", header);
            String viaAsync = async.work(header).get(20, TimeUnit.SECONDS);
            String viaExecutor = executor.submit(() -> {
                LOG.info("executor {}", header);
                String seen = show(requestId.getOrNull()) + "/" + show(MDC.get("step"));
                requestId.set("set-by-executor");
                MDC.put("step", "executor");
                return seen;
            }).get(20, TimeUnit.SECONDS);
            String after = show(requestId.getOrNull()) + "/" + show(MDC.get("step"));
            return String.join(",", controller, viaAsync, viaExecutor, after);
        }

        /** A request without the header: what the container thread and a pooled thread have left. */
        @GetMapping("/probe")
        public String probe() throws Exception {
            String here = show(requestId.getOrNull()) + "/" + show(MDC.get("step"));
            String pooled = executor.submit(() -> show(requestId.getOrNull()) + "/" + show(MDC.get("step")))
                    .get(20, TimeUnit.SECONDS);
            return here + "," + pooled;
        }
    }

    @Component
    public static class Ticks {
        static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
        private final ContextVar<String> requestId;

        public Ticks(ContextVar<String> requestId) {
            this.requestId = requestId;
        }

        private void tick(String kind) {
            SEEN.add(kind + ":" + show(requestId.getOrNull()) + "/" + show(MDC.get("step")));
            requestId.set("set-by-" + kind);
            MDC.put("step", kind);
        }

        @Scheduled(fixedDelay = 20)
        public void fixedDelay() {
            tick("fixedDelay");
        }

        @Scheduled(fixedRate = 20)
        public void fixedRate() {
            tick("fixedRate");
        }

        @Scheduled(cron = "* * * * * *")
        public void cron() {
            tick("cron");
        }
    }
}
