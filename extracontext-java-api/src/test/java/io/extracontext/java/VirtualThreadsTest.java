package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extracontext.ContextLocal;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Virtual threads (JDK 21+). The bytecode targets Java 17, so the JDK 21 API is reached through
 * method handles, and these tests are skipped on older JDKs.
 */
@ExtendWith(ContextLeakExtension.class)
class VirtualThreadsTest {
    private final ContextVar<String> requestId = new ContextVar<>("request_id", "none");
    private final ContextLocal ctx = new ContextLocal();

    @BeforeEach   // per test, so that JDK 17 reports both tests as skipped rather than none
    void onlyOnJdk21AndLater() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() throws Throwable {
        MethodHandle factory = MethodHandles.publicLookup().findStatic(
                Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        return (ExecutorService) factory.invoke();
    }

    private static Thread startVirtualThread(Runnable task) throws Throwable {
        MethodHandle start = MethodHandles.publicLookup().findStatic(
                Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
        return (Thread) start.invoke(task);
    }

    private static boolean isVirtual(Thread t) throws Throwable {
        MethodHandle isVirtual = MethodHandles.publicLookup().findVirtual(
                Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        return (boolean) isVirtual.invoke(t);
    }

    @Test
    void aTaskStartedThroughTheFacadeOnAVirtualThreadSeesTheSubmittersValues() throws Throwable {
        ExecutorService virtual = newVirtualThreadPerTaskExecutor();
        try (Token<String> t = requestId.set("r-virtual")) {
            String seen = ExtraContext.supplyAsync(() -> {
                try {
                    return requestId.get() + (isVirtual(Thread.currentThread()) ? "@virtual" : "@platform");
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }, virtual).thenApplyAsync(x -> x + "|" + requestId.get()).get(10, TimeUnit.SECONDS);
            assertEquals("r-virtual@virtual|r-virtual", seen);

            Runnable wrapped = ExtraContext.copyContext().wrap((Runnable) () -> assertEquals("r-virtual", requestId.get()));
            virtual.submit(wrapped).get(10, TimeUnit.SECONDS);
        } finally {
            virtual.shutdown();
            assertTrue(virtual.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void tenThousandVirtualThreadsEachKeepTheirOwnValue() throws Throwable {
        int n = 10_000;
        CountDownLatch allSet = new CountDownLatch(n);
        AtomicInteger wrong = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String mine = "v-" + i;
            threads.add(startVirtualThread(() -> ExtraContext.run(ctx, () -> {
                requestId.set(mine);
                ctx.setAttribute("value", mine);
                allSet.countDown();
                try {
                    // Every thread has written before any reads: a shared slot would show the last write.
                    if (!allSet.await(60, TimeUnit.SECONDS)) {
                        wrong.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!mine.equals(requestId.get()) || !mine.equals(ctx.getAttribute("value"))) {
                    wrong.incrementAndGet();
                }
            })));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertEquals(0, wrong.get());
        assertEquals("none", requestId.get());
    }
}
