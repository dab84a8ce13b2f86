package io.extracontext.slf4j;

import io.extracontext.Context;
import io.extracontext.Contexts;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test that leaves values (MDC entries included) in the test thread's context. */
public final class CleanContext implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CleanContext.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", Contexts.copyContext());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Context before = context.getStore(NS).get("before", Context.class);
        Context after = Contexts.copyContext();
        if (!after.equals(before)) {
            throw new AssertionError(context.getDisplayName() + " left values in the thread's context: " + after + " (was " + before + ")");
        }
    }
}
