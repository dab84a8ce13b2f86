package io.extracontext.java;

import io.extracontext.Context;
import io.extracontext.Contexts;
import io.extracontext.spi.ContextCell;
import io.extracontext.spi.CurrentCell;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks that a test class, and each of its tests, leaves the test thread's context as it found it:
 * the same cell installed (or the thread's own first cell, if it had none), holding a context with
 * the same variables. Every test class here uses it.
 */
public final class LeavesContextClean implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeavesContextClean.class);

    private record State(ContextCell cell, Context context) {}

    private static State capture() {
        return new State(CurrentCell.get(), Contexts.copyContext());
    }

    private static void verify(ExtensionContext where, State before) {
        ContextCell cellAfter = CurrentCell.get();
        // A thread's first write creates its own cell, which stays (as a Python thread keeps its
        // context): allowed once, from no cell at all, since the values are compared below.
        boolean firstCellOfThread = before.cell() == null && cellAfter != null;
        if (cellAfter != before.cell() && !firstCellOfThread) {
            throw new AssertionError(where.getDisplayName() + " left another context cell installed on the thread");
        }
        Context after = Contexts.copyContext();
        if (!after.equals(before.context())) {
            throw new AssertionError(where.getDisplayName() + " left values behind in the thread's context: "
                    + after + " (was " + before.context() + ")");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("class", capture());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        verify(context, context.getStore(NS).get("class", State.class));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("test", capture());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        verify(context, context.getStore(NS).get("test", State.class));
    }
}
