package io.extracontext.spring.example;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** An {@code @Async} service: it runs on the {@code auditExecutor} pool, in the caller's context. */
@Service
public class AuditService {
    private static final Logger log = LoggerFactory.getLogger(AuditService.class);

    /** Logs on a pool thread and answers the request id it sees there. */
    @Async("auditExecutor")
    public CompletableFuture<String> audit(String expectedId) {
        log.info("step=async id={}", expectedId);
        return CompletableFuture.completedFuture(RequestId.VAR.get("missing"));
    }
}
