package io.extracontext.examples.servlet;

import io.extracontext.ContextPreservingExecutor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A servlet that logs on the request thread and on a pool thread: both lines carry the request id. */
public class HelloServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(HelloServlet.class);
    private final ContextPreservingExecutor pool;   // the application's pool: tasks run in the submitter's context

    public HelloServlet(ContextPreservingExecutor pool) {
        this.pool = pool;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.info("handling {}", request.getRequestURI());                      // [request id] handling /hello
        String greeting;
        try {
            greeting = pool.submit(() -> {
                log.info("looking up the greeting");                           // [request id], on a pool thread
                return "hello " + MDC.get("request_id");
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IOException(e);
        }
        response.setContentType("text/plain");
        response.getWriter().write(greeting);
    }
}
