package io.extracontext.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.extracontext.Backend;
import io.extracontext.Context;
import io.extracontext.ContextLocal;
import io.extracontext.ContextVar;
import io.extracontext.Scope;
import io.extracontext.Token;
import io.extracontext.coroutines.ElementsKt;
import io.extracontext.spi.DiagnosticContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The misuse table of the guide ({@code docs/guide/misuse.md}) is what the library does: every row is
 * performed here, the exception it throws must be the row's type with a message that begins as the row
 * says, and what the row says is left afterwards is asserted. A row without a misuse here, or a misuse
 * here without a row, fails the test.
 */
class MisuseTableTest {
    private static final Path PAGE = Path.of("..").toAbsolutePath().normalize().resolve("docs/guide/misuse.md");

    /** Performs one misuse, asserts what it leaves, and returns what it threw (null: nothing). */
    private interface Misuse {
        Throwable perform() throws Exception;
    }

    private static Throwable thrownBy(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Map<String, Misuse> misuses() {
        Map<String, Misuse> m = new LinkedHashMap<>();
        m.put("Resetting with a token twice", () -> {
            ContextVar<String> v = new ContextVar<>("request_id");
            return new Context().call(() -> {
                Token<String> token = v.set("r-1");
                v.reset(token);
                Throwable t = thrownBy(() -> v.reset(token));
                assertFalse(v.isSet(), "the first reset stands");
                return t;
            });
        });
        m.put("Resetting with a token of another variable", () -> {
            ContextVar<String> a = new ContextVar<>("a");
            ContextVar<String> b = new ContextVar<>("b");
            return new Context().call(() -> {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Token<String> ofA = a.set("1");
                b.set("2");
                Throwable t = thrownBy(() -> b.reset(ofA));
                assertEquals("1", a.get());
                assertEquals("2", b.get());
                return t;
            });
        });
        m.put("Resetting in another context than the one that set", () -> {
            ContextVar<String> v = new ContextVar<>("request_id");
            Token<String> token = new Context().call(() -> v.set("r-1"));
            return new Context().call(() -> {
                v.set("r-2");
                Throwable t = thrownBy(() -> v.reset(token));
                assertEquals("r-2", v.get());
                return t;
            });
        });
        m.put("Entering a context that is already entered", () -> {
            ContextVar<String> v = new ContextVar<>("request_id");
            Context context = new Context();
            return context.call(() -> {
                v.set("r-1");
                Throwable t = thrownBy(() -> context.run(() -> v.set("r-2")));
                assertEquals("r-1", v.get());
                return t;
            });
        });
        m.put("Reading a variable with no value and no default", () -> {
            ContextVar<String> v = new ContextVar<>("request_id");
            return thrownBy(v::get);
        });
        m.put("Reading an attribute that is not set", () -> thrownBy(() -> new ContextLocal().getAttribute("user")));
        m.put("Deleting an attribute twice", () -> {
            ContextLocal ctx = new ContextLocal();
            return ctx.call(() -> {
                ctx.setAttribute("user", "alice");
                ctx.deleteAttribute("user");
                Throwable t = thrownBy(() -> ctx.deleteAttribute("user"));
                assertFalse(ctx.hasAttribute("user"));
                return t;
            });
        });
        m.put("Closing a scope while a scope opened inside it is still open", () -> {
            ContextLocal ctx = new ContextLocal();
            return ctx.call(() -> {
                ctx.setAttribute("user", "outside");
                Scope outer = ctx.enter();
                ctx.setAttribute("user", "outer");
                Scope inner = ctx.enter();
                ctx.setAttribute("user", "inner");
                Throwable t = thrownBy(outer::close);
                assertEquals("outside", ctx.getAttribute("user"), "the context from before the outer scope is back");
                inner.close();                                 // closed with the outer one: changes nothing
                assertEquals("outside", ctx.getAttribute("user"));
                return t;
            });
        });
        m.put("Closing a scope twice", () -> {
            ContextLocal ctx = new ContextLocal();
            return ctx.call(() -> {
                Scope scope = ctx.enter();
                ctx.setAttribute("user", "inside");
                scope.close();
                Throwable t = thrownBy(scope::close);
                assertFalse(ctx.hasAttribute("user"));
                return t;
            });
        });
        m.put("Closing a scope on another thread", () -> {
            ContextLocal ctx = new ContextLocal();
            return ctx.call(() -> {
                Scope scope = ctx.enter();
                try {
                    ctx.setAttribute("user", "inside");
                    AtomicReference<Throwable> thrown = new AtomicReference<>();
                    Thread other = new Thread(() -> thrown.set(thrownBy(scope::close)));
                    other.start();
                    other.join(10_000);
                    assertFalse(other.isAlive());
                    assertEquals("inside", ctx.getAttribute("user"), "the opening thread's context is unchanged");
                    return thrown.get();
                } finally {
                    scope.close();
                }
            });
        });
        m.put("Naming a backend that does not exist", () -> thrownBy(() -> Backend.of("fast")));
        m.put("Asking a PURE namespace for a coroutine element", () -> thrownBy(() -> ElementsKt.element(new ContextLocal(Backend.PURE))));
        m.put("Putting a null key into the MDC", () -> new Context().call(() -> {
            Throwable t = thrownBy(() -> DiagnosticContext.put(null, "x"));
            assertTrue(DiagnosticContext.snapshot().isEmpty());
            return t;
        }));
        return m;
    }

    /** The table's rows: mistake, exception (simple name or "none"), message beginning, what is left, fix. */
    private static List<String[]> rows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(PAGE)) {
            if (!line.startsWith("| ") || line.startsWith("| mistake") || line.startsWith("|---")) continue;
            String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
            assertEquals(5, cells.length, "a row of the misuse table has five cells: " + line);
            for (int i = 0; i < cells.length; i++) cells[i] = cells[i].strip().replaceAll("^`|`$", "");
            rows.add(cells);
        }
        return rows;
    }

    @Test
    void everyRowOfTheMisuseTableIsWhatTheLibraryDoes() throws Exception {
        Map<String, Misuse> misuses = misuses();
        List<String[]> rows = rows();
        assertEquals(misuses.keySet(), rows.stream().map(r -> r[0]).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)),
                "the table's mistakes and this test's misuses must be the same, in the same order");
        for (String[] row : rows) {
            Throwable thrown = misuses.get(row[0]).perform();
            if (row[1].equals("none")) {
                assertNull(thrown, row[0] + ": the table says nothing is thrown");
                continue;
            }
            assertTrue(thrown != null, row[0] + ": the table says " + row[1] + " but nothing was thrown");
            assertEquals(row[1], thrown.getClass().getSimpleName(), row[0] + ": " + thrown);
            assertTrue(thrown.getMessage().startsWith(row[2]), row[0] + ": the message is \"" + thrown.getMessage() + "\", the table says it begins \"" + row[2] + "\"");
        }
    }
}
