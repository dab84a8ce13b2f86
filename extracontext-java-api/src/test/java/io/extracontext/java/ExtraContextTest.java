package io.extracontext.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextVar;
import io.extracontext.Contexts;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The facade's isolation and context methods, and its shape as Java users see it. */
@ExtendWith(ContextLeakExtension.class)
class ExtraContextTest {
    private final ContextLocal ctx = new ContextLocal();
    private final ContextVar<String> requestId = new ContextVar<>("request_id");

    @Test
    void runIsolatesWhatTheTaskWritesFromTheCaller() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", 1);
            ExtraContext.run(ctx, () -> {
                assertEquals(1, ctx.getAttribute("value"));
                ctx.setAttribute("value", 2);
                requestId.set("inner");
            });
            assertEquals(1, ctx.getAttribute("value"));
            assertFalse(requestId.isSet(), "NATIVE isolation covers ContextVars too");
        });
        assertFalse(ctx.hasAttribute("value"));
    }

    @Test
    void runDiscardsWritesAlsoWhenTheTaskThrows() {
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", 1);
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ExtraContext.run(ctx, () -> {
                ctx.setAttribute("value", 2);
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", thrown.getMessage());
            assertEquals(1, ctx.getAttribute("value"));
        });
    }

    @Test
    void callReturnsTheResultAndIsolates() throws Exception {
        String seen = ExtraContext.call(ctx, () -> {
            ctx.setAttribute("user", "bob");
            return (String) ctx.getAttribute("user");
        });
        assertEquals("bob", seen);
        assertFalse(ctx.hasAttribute("user"));
    }

    @Test
    void callPropagatesACheckedExceptionAsTheSameObject() {
        IOException failure = new IOException("disk gone");
        IOException thrown = assertThrows(IOException.class, () -> ExtraContext.call(ctx, () -> {
            ctx.setAttribute("partial", true);
            throw failure;
        }));
        assertSame(failure, thrown);
        assertFalse(ctx.hasAttribute("partial"));
    }

    @Test
    void callMayReturnNull() throws Exception {
        assertNull(ExtraContext.call(ctx, () -> null));
    }

    @Test
    void wrappedRunnableIsolatesEveryRunFromTheContextOfItsCaller() {
        List<Object> seen = new ArrayList<>();
        Runnable handler = ExtraContext.wrap(ctx, () -> {
            seen.add(ctx.getAttribute("value", "unset"));
            ctx.setAttribute("value", "inside");
        });
        ExtraContext.run(ctx, () -> {
            ctx.setAttribute("value", "outer");
            handler.run();
            handler.run();
            assertEquals("outer", ctx.getAttribute("value"));
        });
        assertEquals(List.of("outer", "outer"), seen, "each run starts from the caller's context, not the last run's");
    }

    @Test
    void wrappedCallablePropagatesCheckedExceptionsUnchanged() throws Exception {
        Callable<Integer> isolated = ExtraContext.wrap(ctx, () -> {
            ctx.setAttribute("n", 2);
            return 2;
        });
        assertEquals(2, isolated.call());
        assertFalse(ctx.hasAttribute("n"));

        Exception failure = new Exception("checked");
        Callable<Object> failing = ExtraContext.wrap(ctx, () -> {
            throw failure;
        });
        assertSame(failure, assertThrows(Exception.class, failing::call));
    }

    @Test
    void wrappedSupplierAndFunctionIsolateEveryCall() {
        Supplier<String> supplier = ExtraContext.wrapSupplier(ctx, () -> {
            ctx.setAttribute("user", "temp");
            return (String) ctx.getAttribute("user");
        });
        Function<Integer, Integer> handle = ExtraContext.wrapFunction(ctx, id -> {
            assertFalse(ctx.hasAttribute("id"), "a call must not see the previous call's write");
            ctx.setAttribute("id", id);
            return id * 2;
        });
        assertEquals("temp", supplier.get());
        assertEquals(42, handle.apply(21));
        assertEquals(44, handle.apply(22));
        assertFalse(ctx.hasAttribute("user"));
        assertFalse(ctx.hasAttribute("id"));
    }

    @Test
    void copyContextIsASnapshotThatLaterWritesDoNotChange() throws Exception {
        ExtraContext.run(ctx, () -> {
            requestId.set("Hello, World!");
            Context snapshot = ExtraContext.copyContext();
            requestId.set("Hello, Pythonista!");
            assertEquals("Hello, World!", snapshot.get(requestId));
            assertEquals("Hello, Pythonista!", requestId.get());
            assertEquals(Contexts.copyContext(), ExtraContext.copyContext());
        });
    }

    @Test
    void runInAContextKeepsTheTaskWritesInThatContextOnly() throws Exception {
        Context context = new Context();
        ExtraContext.run(context, () -> requestId.set("r-1"));
        assertEquals("r-1", context.get(requestId));
        assertFalse(requestId.isSet());
        assertEquals("r-1", ExtraContext.call(context, requestId::get));
    }

    @Test
    void runInAContextKeepsWritesAlsoWhenTheTaskThrows() {
        Context context = new Context();
        IOException failure = new IOException("late");
        assertSame(failure, assertThrows(IOException.class, () -> ExtraContext.call(context, () -> {
            requestId.set("written before the throw");
            throw failure;
        })));
        assertEquals("written before the throw", context.get(requestId));
    }

    @Test
    void enteringAContextThatIsAlreadyEnteredThrows() {
        Context context = new Context();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> ExtraContext.run(context, () -> ExtraContext.run(context, () -> {})));
        assertTrue(thrown.getMessage().contains("already entered"), thrown.getMessage());
    }

    @Test
    void withValueSetsForTheTaskAndRestoresAfterwards() throws Exception {
        ExtraContext.withValue(requestId, "r-9", () -> assertEquals("r-9", requestId.get()));
        assertFalse(requestId.isSet());
        String inside = ExtraContext.callWithValue(requestId, "r-10", requestId::get);
        assertEquals("r-10", inside);
        IOException failure = new IOException("x");
        assertSame(failure, assertThrows(IOException.class, () -> ExtraContext.callWithValue(requestId, "r-11", () -> {
            throw failure;
        })));
        assertFalse(requestId.isSet());
    }

    @Test
    void noKotlinTypeAppearsInAnyPublicSignature() {
        List<String> offenders = new ArrayList<>();
        for (Method m : ExtraContext.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            List<Type> types = new ArrayList<>(Arrays.asList(m.getGenericParameterTypes()));
            types.add(m.getGenericReturnType());
            types.addAll(Arrays.asList(m.getGenericExceptionTypes()));
            for (Type t : types) {
                if (t.getTypeName().contains("kotlin.")) {
                    offenders.add(m + " uses " + t.getTypeName());
                }
            }
            assertTrue(Modifier.isStatic(m.getModifiers()), m + " must be static");
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theFacadeIsAFinalClassWithNoPublicConstructorAndEveryMethodOfTheContract() throws Exception {
        assertTrue(Modifier.isFinal(ExtraContext.class.getModifiers()));
        assertEquals(0, ExtraContext.class.getConstructors().length);
        Class<?> c = ExtraContext.class;
        c.getMethod("run", ContextLocal.class, Runnable.class);
        c.getMethod("call", ContextLocal.class, Callable.class);
        c.getMethod("wrap", ContextLocal.class, Runnable.class);
        c.getMethod("wrap", ContextLocal.class, Callable.class);
        c.getMethod("wrapSupplier", ContextLocal.class, Supplier.class);
        c.getMethod("wrapFunction", ContextLocal.class, Function.class);
        c.getMethod("isolate", ContextLocal.class, java.util.Iterator.class);
        c.getMethod("isolate", ContextLocal.class, Iterable.class);
        c.getMethod("isolate", ContextLocal.class, java.util.stream.Stream.class);
        c.getMethod("copyContext");
        c.getMethod("run", Context.class, Runnable.class);
        c.getMethod("call", Context.class, Callable.class);
        c.getMethod("supplyAsync", Supplier.class, java.util.concurrent.Executor.class);
        assertEquals(List.of(Exception.class),
                Arrays.asList(c.getMethod("call", ContextLocal.class, Callable.class).getExceptionTypes()));
    }

    @Test
    void thePackageIsNullMarkedForIdesAndNullAway() {
        assertTrue(ExtraContext.class.getPackage().isAnnotationPresent(NullMarked.class));
    }

    @Test
    void nullTasksAreRejectedWithTheirName() {
        NullPointerException thrown = assertThrows(NullPointerException.class, () -> ExtraContext.run(ctx, (Runnable) nullRef()));
        assertEquals("task", thrown.getMessage());
    }

    @SuppressWarnings("NullAway")
    private static <T> T nullRef() {
        return null;
    }
}
