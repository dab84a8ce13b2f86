package io.extracontext.examples.readme;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;

/** The README's Java snippet, compiled and run: ReadmeSnippetsTest keeps the two identical. */
public final class ReadmeJava {
    private ReadmeJava() {}

    public static void main(String[] args) throws Exception {
        ContextVar<String> requestId = new ContextVar<>("request_id");
        ContextLocal ctx = new ContextLocal();

        try (Token<String> t = requestId.set("r-42"); var pool = new ContextPreservingExecutor(4)) {
            String seen = pool.submit(() -> requestId.get()).get();    // "r-42", read on a pool thread
            Transcript.checkEquals("r-42", seen, "the pool task's request id");
        }
        try (Scope s = ctx.enter()) {                                   // Python's `with ctx:`
            ctx.setAttribute("user", "alice");
        }
        String user = ExtraContext.call(ctx, () -> {                     // the @ctx decorator, once
            ctx.setAttribute("user", "bob");
            return (String) ctx.getAttribute("user");
        });
        Transcript.checkEquals("bob", user, "the isolated call's result");
        Transcript.check(!requestId.isSet() && !ctx.hasAttribute("user"), "nothing leaked to the caller");
        System.out.println("    r-42 / bob, and nothing leaked");
    }
}
