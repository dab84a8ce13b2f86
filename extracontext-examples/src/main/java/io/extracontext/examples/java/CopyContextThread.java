package io.extracontext.examples.java;

import io.extracontext.Context;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.examples.Transcript;
import io.extracontext.java.ExtraContext;
import java.util.List;

/**
 * Copying a context into a new thread: a new {@code Thread} starts with an empty
 * context, as in Python; {@code copyContext()} takes an O(1) snapshot that the thread then runs in.
 * The snapshot is frozen: writes made after the copy, on either side, do not cross over.
 */
public final class CopyContextThread {
    private static final ContextVar<String> ctxVar = new ContextVar<>("marker", "none");
    private static final ContextVar<String> var = new ContextVar<>("var", "Hello!");

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        Token<String> token = ctxVar.set("main-context");    // set a value in the main context
        try {
            Thread plain = new Thread(() -> out.println("Plain thread sees: " + ctxVar.get()));
            plain.start();
            plain.join();

            Context ctx = ExtraContext.copyContext();         // capture the current context
            Thread t = new Thread(() -> ExtraContext.run(ctx, () -> out.println("Thread sees: " + ctxVar.get())));
            t.start();
            t.join();
        } finally {
            ctxVar.reset(token);                              // clean up
        }

        // The tutorial's copy_context example: the copy keeps the value from before the copy.
        ExtraContext.run(new Context(), () -> {   // a context of its own, so the sets below leave no trace
            out.println("var.get() = " + var.get());
            var.set("Hello, World!");
            out.println("In original context before copy: " + var.get());
            Context copy = ExtraContext.copyContext();
            var.set("Hello, Pythonista!");                    // modify the var in the original after copying
            out.println("In original context after set(): " + var.get());
            ExtraContext.run(copy, () -> out.println("Inside copied context run(): " + var.get()));
            out.println("Back in original context: " + var.get());
        });
        out.expect(List.of(
                "Plain thread sees: none",
                "Thread sees: main-context",
                "var.get() = Hello!",
                "In original context before copy: Hello, World!",
                "In original context after set(): Hello, Pythonista!",
                "Inside copied context run(): Hello, World!",
                "Back in original context: Hello, Pythonista!"));
    }
}
