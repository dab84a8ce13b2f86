package io.extracontext.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.Contexts;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import kotlin.KotlinVersion;
import org.junit.jupiter.api.Test;

/**
 * This module's tests, Boot applications included, run on the kotlin-stdlib that Spring Boot
 * manages (the pom swaps it in): the library's jars work on it, with no override by the user.
 */
class KotlinStdlibTest {
    @Test
    void theLoadedKotlinStdlibIsTheOneSpringBootManagesAndTheLibraryRunsOnIt() throws Exception {
        String managed = System.getProperty("boot.kotlin-stdlib.version");
        assertEquals(managed, KotlinVersion.CURRENT.toString(), "the stdlib on the test class path");
        String jar = KotlinVersion.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(jar.endsWith("kotlin-stdlib-" + managed + ".jar"), jar);

        ContextVar<String> requestId = new ContextVar<>("request_id");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            String seen = new Context().call(() -> {
                Token<String> token = requestId.set("r-1");
                try {
                    Callable<String> task = Contexts.copyContext().wrap((Callable<String>) requestId::get);
                    return pool.submit(task).get(10, TimeUnit.SECONDS);
                } finally {
                    requestId.reset(token);
                }
            });
            assertEquals("r-1", seen);
        } finally {
            pool.shutdownNow();
        }
    }
}
