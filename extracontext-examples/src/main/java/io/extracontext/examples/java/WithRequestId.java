package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.check;

import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.examples.logging.CapturedLines;
import io.extracontext.examples.logging.RequestId;
import io.extracontext.java.ExtraContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closing "putting it together" pattern: {@code with with_request_id(rid): logger.info(...)}. Setting a
 * value for exactly one block, restored in {@code finally} whatever happens: in Java either
 * {@link ExtraContext#withValue} or try-with-resources over the {@link Token}. The log pattern reads
 * the request id from the context (see {@code logback.xml}), so the call sites pass nothing.
 */
public final class WithRequestId {
    private static final Logger logger = LoggerFactory.getLogger(WithRequestId.class);

    /** {@code def handle_request(rid): with with_request_id(rid): logger.info("Processing request")}. */
    static void handleRequest(String rid) {
        ExtraContext.withValue(RequestId.VAR, rid, () -> logger.info("Processing request"));
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        CapturedLines.drain();
        handleRequest("r-1");
        try (Token<String> t = RequestId.VAR.set("r-2")) {        // the same, as a block
            logger.info("Processing request");
        }
        String answer = ExtraContext.callWithValue(RequestId.VAR, "r-3", () -> "handled " + RequestId.VAR.get());
        out.println(answer);
        try {
            ExtraContext.withValue(RequestId.VAR, "r-4", () -> {
                logger.info("about to fail");
                throw new IllegalStateException("handler failed");
            });
        } catch (IllegalStateException e) {
            logger.info("after a failing request");               // the id is reset: "-" again
        }
        CapturedLines.drain().stream().filter(l -> l.contains(" WithRequestId - ")).forEach(out::println);
        out.println("request id after all requests: " + RequestId.VAR.get());
        check(!RequestId.VAR.isSet(), "nothing is left set");
        out.expect(List.of(
                "handled r-3",
                "[r-1] [" + Thread.currentThread().getName() + "] WithRequestId - Processing request",
                "[r-2] [" + Thread.currentThread().getName() + "] WithRequestId - Processing request",
                "[r-4] [" + Thread.currentThread().getName() + "] WithRequestId - about to fail",
                "[-] [" + Thread.currentThread().getName() + "] WithRequestId - after a failing request",
                "request id after all requests: -"));
    }
}
