package io.extracontext.java.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.ContextLocal;
import io.extracontext.ContextVar;
import io.extracontext.Token;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * StructuredTaskScope (a preview API in JDK 25) with a context-preserving thread factory: compiled and
 * run only on JDK 25, with --enable-preview in this test JVM only (the java-api pom's jdk25 profile).
 */
@ExtendWith(ContextLeakExtension.class)
class StructuredTaskScopeTest {
    private final ContextVar<String> requestId = new ContextVar<>("request_id");
    private final Forks forks = new Forks(requestId);

    private String seen() {
        return requestId.isSet() ? requestId.get() : "unset";
    }

    @Test
    void aForkSeesTheOwnersValueAtForkTimeAndItsWritesReachNeitherTheOwnerNorItsSiblings() throws Exception {
        CountDownLatch bothWrote = new CountDownLatch(2);
        try (Token<String> t = requestId.set("at fork");
                var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
            List<Subtask<String>> subtasks = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                subtasks.add(scope.fork(() -> {
                    String before = seen();
                    requestId.set(name);
                    bothWrote.countDown();
                    assertTrue(bothWrote.await(10, TimeUnit.SECONDS));
                    return before + ">" + seen();
                }));
            }
            try (Token<String> later = requestId.set("after fork")) {
                scope.join();
            }
            assertEquals(List.of("at fork>a", "at fork>b"), subtasks.stream().map(Subtask::get).toList());
            assertEquals("at fork", requestId.get());
        }
        assertTrue(forks.allClean(2), forks.after.toString());
    }

    @Test
    void nestedScopesEachSeeTheContextOfTheForkThatOpenedThem() throws Exception {
        try (Token<String> t = requestId.set("outer");
                var outer = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
            Subtask<String> middle = outer.fork(() -> {
                requestId.set("middle");
                try (var inner = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                    Subtask<String> a = inner.fork(() -> {
                        requestId.set("inner a");
                        try (var innermost = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                            Subtask<String> deep = innermost.fork(this::seen);
                            innermost.join();
                            return deep.get() + "/" + seen();
                        }
                    });
                    Subtask<String> b = inner.fork(this::seen);
                    inner.join();
                    return a.get() + "," + b.get() + "," + seen();
                }
            });
            Subtask<String> sibling = outer.fork(this::seen);
            outer.join();
            assertEquals("inner a/inner a,middle,middle", middle.get());
            assertEquals("outer", sibling.get());
            assertEquals("outer", requestId.get());
        }
        assertTrue(forks.allClean(5), forks.after.toString());
    }

    @Test
    void everyBuiltInJoinerRunsItsForksInTheOwnersContext() throws Exception {
        try (Token<String> t = requestId.set("r-1")) {
            try (var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                scope.fork(this::seen);
                scope.fork(this::seen);
                assertEquals(List.of("r-1", "r-1"), scope.join().map(Subtask::get).toList());
            }
            try (var scope = StructuredTaskScope.open(Joiner.<String>anySuccessfulResultOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                scope.fork(() -> {
                    throw new IllegalStateException("the failing one: " + seen());
                });
                scope.fork(this::seen);
                assertEquals("r-1", scope.join());
            }
            AtomicInteger right = new AtomicInteger();
            try (var scope = StructuredTaskScope.open(Joiner.<String>awaitAllSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                scope.fork(() -> { if ("r-1".equals(seen())) right.incrementAndGet(); });
                scope.fork(() -> { if ("r-1".equals(seen())) right.incrementAndGet(); });
                assertNull(scope.join());
            }
            try (var scope = StructuredTaskScope.open(Joiner.<String>awaitAll(), cfg -> cfg.withThreadFactory(forks.factory))) {
                scope.fork(() -> { if ("r-1".equals(seen())) right.incrementAndGet(); });
                scope.fork(() -> {
                    throw new IllegalStateException("awaitAll ignores failures");
                });
                assertNull(scope.join());
            }
            assertEquals(3, right.get());
            try (var scope = StructuredTaskScope.open(
                    Joiner.<String>allUntil(s -> s.state() == Subtask.State.SUCCESS && s.get().equals("stop")),
                    cfg -> cfg.withThreadFactory(forks.factory))) {
                scope.fork(() -> seen().equals("r-1") ? "stop" : "wrong context: " + seen());
                List<String> results = scope.join()
                        .filter(s -> s.state() == Subtask.State.SUCCESS).map(Subtask::get).toList();
                assertEquals(List.of("stop"), results);
            }
            assertEquals("r-1", requestId.get());
        }
        assertTrue(forks.allClean(9), forks.after.toString());
    }

    @Test
    void tenThousandConcurrentForksEachSeeTheirOwnValueWithNoneWrong() throws Exception {
        int n = 10_000;
        CountDownLatch allStarted = new CountDownLatch(n);
        AtomicInteger wrong = new AtomicInteger();
        try (var scope = StructuredTaskScope.open(Joiner.<Object>awaitAllSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
            for (int i = 0; i < n; i++) {
                String mine = "v-" + i;
                try (Token<String> t = requestId.set(mine)) {
                    scope.fork(() -> {
                        if (!mine.equals(seen())) wrong.incrementAndGet();
                        requestId.set(mine + " written");   // must reach no sibling
                        allStarted.countDown();
                        // every fork is alive at once: each reads again after all have written
                        if (!allStarted.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("not all forks started");
                        if (!(mine + " written").equals(seen())) wrong.incrementAndGet();
                        return null;
                    });
                }
            }
            scope.join();
        }
        assertEquals(0, wrong.get());
        assertFalse(requestId.isSet());
        assertTrue(forks.allClean(n), "threads that kept something: " + forks.after.stream().filter(s -> !s.equals("clean")).count());
    }

    @Test
    void aFailingForkCancelsItsSiblingsAndEveryThreadAndTheOwnerAreLeftAsTheyWere() throws Exception {
        CountDownLatch siblingsWaiting = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        try (Token<String> t = requestId.set("owner")) {
            var failure = assertThrows(StructuredTaskScope.FailedException.class, () -> {
                try (var scope = StructuredTaskScope.open(Joiner.<String>awaitAllSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                    for (int i = 0; i < 2; i++) {
                        scope.fork(() -> {
                            requestId.set("sibling");
                            siblingsWaiting.countDown();
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                interrupted.incrementAndGet();   // cancelled by the failure
                                throw e;
                            }
                            return null;
                        });
                    }
                    scope.fork(() -> {
                        assertTrue(siblingsWaiting.await(10, TimeUnit.SECONDS));
                        requestId.set("failing");
                        throw new IllegalStateException("failed in " + seen());
                    });
                    scope.join();
                }
            });
            assertInstanceOf(IllegalStateException.class, failure.getCause());
            assertEquals("failed in failing", failure.getCause().getMessage());
            assertEquals(2, interrupted.get());
            assertEquals("owner", requestId.get());
            assertFalse(Thread.currentThread().isInterrupted());
        }
        assertTrue(forks.allClean(3), forks.after.toString());
    }

    @Test
    void aScopeThatTimesOutCancelsItsForksAndLeavesTheOwnerAsItWas() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (Token<String> t = requestId.set("owner")) {
            assertThrows(StructuredTaskScope.TimeoutException.class, () -> {
                try (var scope = StructuredTaskScope.open(Joiner.<Object>awaitAll(),
                        cfg -> cfg.withThreadFactory(forks.factory).withTimeout(Duration.ofMillis(200)))) {
                    scope.fork(() -> {
                        requestId.set("slow fork");
                        started.countDown();
                        never.await();   // interrupted when the timeout cancels the scope
                        return null;
                    });
                    assertTrue(started.await(10, TimeUnit.SECONDS));
                    scope.join();
                }
            });
            assertEquals("owner", requestId.get());
        }
        assertTrue(forks.allClean(1), forks.after.toString());
    }

    @Test
    void anOwnerInterruptedInJoinCancelsItsForksAndKeepsItsOwnContext() throws Exception {
        CountDownLatch forked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<String> ownerAfter = new AtomicReference<>();
        AtomicReference<Throwable> ownerFailure = new AtomicReference<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            try (Token<String> t = requestId.set("owner")) {
                try (var scope = StructuredTaskScope.open(Joiner.<Object>awaitAll(), cfg -> cfg.withThreadFactory(forks.factory))) {
                    scope.fork(() -> {
                        requestId.set("fork");
                        forked.countDown();
                        never.await();
                        return null;
                    });
                    scope.join();
                } catch (InterruptedException expected) {
                    ownerAfter.set(seen() + ", interrupted");
                }
            } catch (Throwable e) {
                ownerFailure.set(e);
            }
        });
        assertTrue(forked.await(10, TimeUnit.SECONDS));
        owner.interrupt();
        owner.join(10_000);
        assertFalse(owner.isAlive());
        assertNull(ownerFailure.get());
        assertEquals("owner, interrupted", ownerAfter.get());
        assertTrue(forks.allClean(1), forks.after.toString());
    }

    @Test
    void aContextLocalsAttributesSetInAForkAreIsolatedFromTheOwner() throws Exception {
        ContextLocal ctx = new ContextLocal();
        ctx.run(() -> {
            ctx.setAttribute("user", "alice");
            try (var scope = StructuredTaskScope.open(Joiner.<Object>allSuccessfulOrThrow(), cfg -> cfg.withThreadFactory(forks.factory))) {
                Subtask<Object> fork = scope.fork(() -> {
                    Object before = ctx.getAttribute("user");
                    ctx.setAttribute("user", "bob");
                    return before + ">" + ctx.getAttribute("user");
                });
                scope.join();
                assertEquals("alice>bob", fork.get());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertEquals("alice", ctx.getAttribute("user"));
        });
        assertTrue(forks.allClean(1), forks.after.toString());
    }

    @Test
    void withoutTheFactoryAForkSeesNothingWhichIsWhyTheFactoryExists() throws Exception {
        try (Token<String> t = requestId.set("owner");
                var scope = StructuredTaskScope.open(Joiner.<String>allSuccessfulOrThrow())) {
            scope.fork(this::seen);
            assertEquals(List.of("unset"), scope.join().map(Subtask::get).collect(Collectors.toList()));
        }
    }
}
