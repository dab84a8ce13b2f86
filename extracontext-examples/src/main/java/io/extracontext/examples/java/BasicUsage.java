package io.extracontext.examples.java;

import static io.extracontext.examples.Transcript.check;

import io.extracontext.ContextLocal;
import io.extracontext.examples.Transcript;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Usage guide, "Basic Usage": a {@link ContextLocal} namespace, created once, whose attributes are
 * visible only in the thread that set them. Unlike an {@code InheritableThreadLocal}, a new thread
 * starts empty, so nothing leaks from the thread that happened to create it.
 */
public final class BasicUsage {
    // Once, at "module level": the namespace is shared, its values are not.
    private static final ContextLocal ctx = new ContextLocal();

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        CountDownLatch bothHaveSet = new CountDownLatch(2);

        // Two workers write the same attribute at the same time; each must read back its own.
        Runnable myworker = () -> {
            String mine = "test from " + Thread.currentThread().getName();
            ctx.setAttribute("value", mine);         // Python: ctx.value = "test"
            bothHaveSet.countDown();
            await(bothHaveSet);                      // both writes happened before either read
            out.println(Thread.currentThread().getName() + " sees: " + ctx.getAttribute("value"));
            check(mine.equals(ctx.getAttribute("value")), "a worker sees only its own value");
        };
        Thread a = new Thread(myworker, "worker-a");
        Thread b = new Thread(myworker, "worker-b");
        a.start();
        b.start();
        a.join();
        b.join();

        // The main thread never set anything: the workers' writes are not visible here.
        out.println("main has value: " + ctx.hasAttribute("value"));
        out.expectInAnyOrder(java.util.List.of(
                "worker-a sees: test from worker-a",
                "worker-b sees: test from worker-b",
                "main has value: false"));
    }

    private static void await(CountDownLatch latch) {
        try {
            check(latch.await(10, TimeUnit.SECONDS), "both workers started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
