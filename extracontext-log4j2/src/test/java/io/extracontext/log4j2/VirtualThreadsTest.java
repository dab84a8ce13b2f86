package io.extracontext.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extracontext.java.ExtraContext;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ThreadContext on virtual threads (JDK 21+). The bytecode targets Java 17, so the JDK 21 API is
 * reached through a method handle, and the test is skipped on older JDKs.
 */
@ExtendWith(ContextLeakExtension.class)
class VirtualThreadsTest {
    @BeforeEach
    void onlyOnJdk21AndLater() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() throws Throwable {
        return (ExecutorService) MethodHandles.publicLookup()
                .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
                .invoke();
    }

    @Test
    void virtualThreadTasksEachLogTheirSubmittersEntryAndNoOther() throws Throwable {
        ExecutorService virtual = newVirtualThreadPerTaskExecutor();
        try (Capture capture = new Capture()) {
            List<Future<String>> seen = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                int i = n;
                seen.add(ExtraContext.call(ExtraContext.copyContext(), () -> {
                    ThreadContext.put("requestId", "v-" + i);
                    return ExtraContext.supplyAsync(() -> {
                        Thread.yield();
                        capture.getLogger().info("v-" + i);
                        return ThreadContext.get("requestId");
                    }, virtual);
                }));
            }
            for (int i = 0; i < seen.size(); i++) assertEquals("v-" + i, seen.get(i).get(10, TimeUnit.SECONDS));
            Set<String> lines = new HashSet<>(capture.texts());
            assertEquals(200, lines.size());
            for (int i = 0; i < 200; i++) assertTrue(lines.contains("v-" + i + "|v-" + i), "missing line " + i);
        } finally {
            virtual.shutdown();
            assertTrue(virtual.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
