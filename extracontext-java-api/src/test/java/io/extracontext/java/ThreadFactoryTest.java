package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extracontext.ContextPreservingExecutor;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The facade's forms for threads that other code creates. The bytecode targets Java 17, so the JDK 21
 * API ({@code Executors.newThreadPerTaskExecutor}, {@code Thread.ofVirtual}) is reached through method
 * handles; the StructuredTaskScope tests are in {@code src/test/java25} (JDK 25 only).
 */
@ExtendWith(ContextLeakExtension.class)
class ThreadFactoryTest {
    private final ContextVar<String> requestId = new ContextVar<>("request_id", "none");

    private static boolean jdk21() {
        return Runtime.version().feature() >= 21;
    }

    private static ExecutorService newThreadPerTaskExecutor(ThreadFactory factory) throws Throwable {
        return (ExecutorService) MethodHandles.publicLookup()
                .findStatic(Executors.class, "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class, ThreadFactory.class))
                .invoke(factory);
    }

    private static boolean isVirtual(Thread thread) throws Throwable {
        return (boolean) MethodHandles.publicLookup()
                .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class))
                .invoke(thread);
    }

    @Test
    void aThreadFromTheFacadesFactorySeesTheCreatorsValueAndLeavesTheCreatorsAlone() throws Exception {
        ThreadFactory factory = ExtraContext.threadFactory(Executors.defaultThreadFactory());
        AtomicReference<String> seen = new AtomicReference<>();
        try (Token<String> t = requestId.set("r-1")) {
            Thread thread = factory.newThread(() -> {
                seen.set(requestId.get());
                requestId.set("written by the thread");
            });
            thread.start();
            thread.join(10_000);
            assertEquals("r-1", seen.get());
            assertEquals("r-1", requestId.get());
        }
    }

    @Test
    void theFacadeRefusesANullDelegate() {
        assertThrows(NullPointerException.class, () -> ExtraContext.threadFactory(null));
    }

    @Test
    void onJdk17TheOneCallVirtualExecutorThrowsNamingTheJdkItNeeds() {
        assumeTrue(!jdk21(), "this JDK has virtual threads; the refusal applies to JDK 17 to 20");
        UnsupportedOperationException refused =
                assertThrows(UnsupportedOperationException.class, ExtraContext::newVirtualThreadPerTaskExecutor);
        assertTrue(refused.getMessage().contains("JDK 21 or later"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Java " + System.getProperty("java.version")), refused.getMessage());
    }

    @Test
    void asyncStagesOnTheOneCallVirtualExecutorSeeTheContextOfWhoRegisteredThem() throws Throwable {
        assumeTrue(jdk21(), "virtual threads need JDK 21");
        try (ContextPreservingExecutor executor = ExtraContext.newVirtualThreadPerTaskExecutor();
                Token<String> t = requestId.set("r-7")) {
            // ExtraContext.supplyAsync, not CompletableFuture.supplyAsync: a plain future hands a dependent
            // async stage to the executor from the thread that completes the previous stage, so the stage
            // would start from that thread's context ("written by the first stage"), not from the registrar's.
            CompletableFuture<String> first = ExtraContext.supplyAsync(() -> {
                requestId.set("written by the first stage");   // invisible to the next stage and the caller
                return "first";
            }, executor);
            String result = first.thenApplyAsync(x -> {
                try {
                    return x + "|" + requestId.get() + (isVirtual(Thread.currentThread()) ? "@virtual" : "@platform");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }, executor).get(10, TimeUnit.SECONDS);
            assertEquals("first|r-7@virtual", result);
            assertEquals("r-7", requestId.get());
        }
    }

    @Test
    void aThreadPerTaskExecutorOnTheFacadesFactoryRunsEachTaskInItsSubmittersContext() throws Throwable {
        assumeTrue(jdk21(), "Executors.newThreadPerTaskExecutor needs JDK 21");
        ExecutorService executor = newThreadPerTaskExecutor(ExtraContext.threadFactory(Executors.defaultThreadFactory()));
        try {
            for (int i = 0; i < 100; i++) {
                String mine = "r-" + i;
                String seen = ExtraContext.callWithValue(requestId, mine, () -> executor.submit((Callable<String>) requestId::get)).get(10, TimeUnit.SECONDS);
                assertEquals(mine, seen);
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
