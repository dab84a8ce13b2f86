package io.extracontext.java.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ScopedValue (final in JDK 25) and our context used together: neither hides the other. */
@ExtendWith(ContextLeakExtension.class)
class ScopedValueTest {
    private static final ScopedValue<String> USER = ScopedValue.newInstance();
    private final ContextVar<String> requestId = new ContextVar<>("request_id", "unset");
    private final Forks forks = new Forks(requestId);

    @Test
    void aContextVarIsReadInsideAScopedValueBindingAndItsWritesThereAreUndoneByTheirToken() throws Exception {
        try (Token<String> t = requestId.set("r-1")) {
            String seen = ScopedValue.where(USER, "alice").call(() -> {
                try (Token<String> inner = requestId.set("r-2")) {
                    return USER.get() + "/" + requestId.get();
                }
            });
            assertEquals("alice/r-2", seen);
            assertEquals("r-1", requestId.get());
        }
    }

    @Test
    void aScopedValueIsReadInsideContextRunAndAnIsolatedBlock() throws Exception {
        ContextLocal ctx = new ContextLocal();
        String seen = ScopedValue.where(USER, "alice").call(() -> {
            String inRun = ExtraContext.call(new Context(), () -> USER.get());
            String inIsolated = ExtraContext.call(ctx, () -> {
                ctx.setAttribute("user", USER.get());
                return (String) ctx.getAttribute("user");
            });
            return inRun + "," + inIsolated;
        });
        assertEquals("alice,alice", seen);
    }

    @Test
    void forksSeeBothTheOwnersScopedValuesAndItsContext() throws Exception {
        try (Token<String> t = requestId.set("r-1")) {
            List<String> seen = ScopedValue.where(USER, "alice").call(() -> {
                try (var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                    scope.fork(() -> USER.get() + "/" + requestId.get());
                    scope.fork(() -> ScopedValue.where(USER, "bob").call(() -> USER.get() + "/" + requestId.get()));
                    return scope.join().map(Subtask::get).toList();
                }
            });
            assertEquals(List.of("alice/r-1", "bob/r-1"), seen);
        }
        assertTrue(forks.allClean(2), forks.after.toString());
    }
}
