package io.extracontext.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extracontext.ContextLocal;
import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.Token;
import io.extracontext.java.ExtraContext;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/** The Java way: {@code MDC} calls in blocks, pools, {@code supplyAsync} tasks and virtual threads. */
@ExtendWith(CleanContext.class)
class MdcJavaTest {
    private final ContextLocal ctx = new ContextLocal();

    @Test
    void aTryWithResourcesScopeKeepsItsMdcPutsToItself() {
        ExtraContext.run(new ContextLocal(), () -> {
            MDC.put("requestId", "outer");
            try (Scope s = ctx.enter()) {
                MDC.put("requestId", "inner");
                assertEquals("inner", MDC.get("requestId"));
            }
            assertEquals("outer", MDC.get("requestId"));
            ExtraContext.run(ctx, () -> MDC.clear());
            assertEquals("outer", MDC.get("requestId"), "clear() in a block clears that block's MDC only");
        });
    }

    @Test
    void contextPreservingExecutorAndSupplyAsyncTasksSeeTheSubmittersMdcAndLeaveNothingOnTheWorker() throws Exception {
        ExecutorService raw = Executors.newSingleThreadExecutor();
        try {
            ContextPreservingExecutor pool = ContextPreservingExecutor.wrap(raw);
            ExtraContext.run(new ContextLocal(), () -> {
                MDC.put("requestId", "r-java");
                try {
                    String viaPool = pool.submit(() -> {
                        String seen = MDC.get("requestId");
                        MDC.put("requestId", "changed by task");
                        return seen;
                    }).get(10, TimeUnit.SECONDS);
                    String viaSupplyAsync = ExtraContext.supplyAsync(() -> {
                        String seen = MDC.get("requestId");
                        MDC.put("leak", "x");
                        return seen;
                    }, raw).get(10, TimeUnit.SECONDS);
                    assertEquals("r-java", viaPool);
                    assertEquals("r-java", viaSupplyAsync);
                    assertEquals("r-java", MDC.get("requestId"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            Map<String, String> leftOnWorker = raw.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS);
            assertEquals(Map.of(), leftOnWorker);
        } finally {
            raw.shutdownNow();
            assertTrue(raw.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void virtualThreadsSeeTheSubmittersMdcThroughTheFacade() throws Throwable {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        ExecutorService virtual = (ExecutorService) MethodHandles.publicLookup()
                .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                .invoke();
        try {
            ExtraContext.run(new ContextLocal(), () -> {
                MDC.put("requestId", "r-virtual");
                try {
                    List<String> seen = ExtraContext.supplyAsync(() -> {
                        MDC.put("user", "virtual");
                        return List.of(MDC.get("requestId"), MDC.get("user"));
                    }, virtual).get(10, TimeUnit.SECONDS);
                    assertEquals(List.of("r-virtual", "virtual"), seen);
                    assertNull(MDC.get("user"), "the virtual thread's put stays its own");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            virtual.shutdownNow();
            assertTrue(virtual.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aBoundVariableShowsInTheMdcTheJavaWay() {
        ContextVar<String> tenant = new ContextVar<>("tenant");
        ContextMdc.bind("tenant", tenant);
        try (Token<String> t = tenant.set("acme")) {
            assertEquals("acme", MDC.get("tenant"));
        } finally {
            ContextMdc.unbind("tenant");
        }
        assertNull(MDC.get("tenant"));
    }
}
