package io.extracontext.examples.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.extracontext.test.junit5.ContextLeakExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One way to enter a context, checked over every library module (core and every integration):
 * only {@code Execution} touches the thread slot and swaps cells (and the SPI's entered scope and
 * {@code Executions}, through it), only the one unwinding in {@code ScopeBase.kt} walks a chain of
 * open scopes, every scope of ours follows {@code ScopeBase}'s rules, and every OpenTelemetry scope
 * of ours restores through core: the shared unwinding ({@code ScopeChain}) or token resets.
 *
 * <p>The first three rules read the sources: {@code Execution}'s accessors and the unwinding are
 * inline, so their callers' bytecode names what they inline, not them. The last two read the
 * compiled classes. Each rule is also run on a fixture that breaks it.
 */
@ExtendWith(ContextLeakExtension.class)
class ContextEntryStructureTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The library modules: every published module with code. */
    private static final List<String> MODULES = List.of(
            "extracontext-core", "extracontext-coroutines", "extracontext-java-api", "extracontext-test",
            "extracontext-slf4j", "extracontext-log4j2", "extracontext-opentelemetry", "extracontext-micrometer",
            "extracontext-ktor", "extracontext-spring-boot-autoconfigure");

    private static final String CORE = "extracontext-core/src/main/kotlin/io/extracontext/";

    /** A call that only the named files may make: the token searched for, and where it may appear. */
    private static final Map<String, Set<String>> ONLY_IN = Map.of(
            "ThreadSlot.", Set.of(CORE + "Execution.kt", CORE + "jvm/ThreadSlot.kt"),
            "swapCell(", Set.of(CORE + "Execution.kt", CORE + "spi/EnteredScope.kt", CORE + "spi/Executions.kt"),
            "installCell(", Set.of(CORE + "Execution.kt", CORE + "spi/EnteredScope.kt", CORE + "spi/Executions.kt"),
            "unwindChain(", Set.of(CORE + "namespace/ScopeBase.kt", CORE + "spi/ScopeChain.kt"),
            "chainContains(", Set.of(CORE + "namespace/ScopeBase.kt", CORE + "spi/ScopeChain.kt"));

    @Test
    void onlyExecutionTouchesTheThreadSlotOrSwapsCellsAndOnlyScopeBaseUnwinds() {
        Map<String, String> sources = mainSources();
        assertTrue(sources.size() > 80, "found only " + sources.size() + " main source files under " + ROOT);
        assertTrue(MODULES.stream().allMatch(m -> sources.keySet().stream().anyMatch(p -> p.startsWith(m + "/"))),
                "a library module has no main sources: " + MODULES);
        assertEquals(List.of(), violations(sources));
    }

    @Test
    void theSourceRulesCatchAFileOfAnIntegrationThatSwapsCellsOrUnwindsItself() {
        Map<String, String> fixture = Map.of(
                "extracontext-micrometer/src/main/kotlin/io/extracontext/micrometer/Bad.kt",
                "val previous = Execution.swapCell(cell)\nExecution.installCell(previous)\n",
                "extracontext-opentelemetry/src/main/kotlin/io/extracontext/opentelemetry/Bad.kt",
                "ThreadSlot.set(null)\nunwindChain(top, this, { it.parent }, {}, {})\n",
                CORE + "Execution.kt", "ThreadSlot.get()\n");
        assertEquals(List.of(
                "extracontext-micrometer/src/main/kotlin/io/extracontext/micrometer/Bad.kt:1 calls swapCell(",
                "extracontext-micrometer/src/main/kotlin/io/extracontext/micrometer/Bad.kt:2 calls installCell(",
                "extracontext-opentelemetry/src/main/kotlin/io/extracontext/opentelemetry/Bad.kt:1 calls ThreadSlot.",
                "extracontext-opentelemetry/src/main/kotlin/io/extracontext/opentelemetry/Bad.kt:2 calls unwindChain("),
                violations(fixture));
    }

    @Test
    void everyFileTheSourceRulesNameStillExists() {
        Set<String> named = ONLY_IN.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), named.stream().filter(p -> !Files.isRegularFile(ROOT.resolve(p))).collect(Collectors.toSet()));
    }

    @Test
    void everyScopeOfOursFollowsScopeBaseAndEveryOpenTelemetryScopeOfOursRestoresThroughCore() {
        JavaClasses classes = compiledLibrary();
        assertEquals(List.of(), scopeViolations(classes));
        // Not vacuous: the scopes the rules are about are there.
        assertTrue(implementers(classes, "io.extracontext.Scope").size() >= 3, "our Scope implementations");
        assertTrue(implementers(classes, "io.opentelemetry.context.Scope").stream()
                .anyMatch(c -> c.getName().equals("io.extracontext.opentelemetry.Frame")), "OpenTelemetry's Frame");
    }

    @Test
    void theClassRulesCatchAScopeWrittenOutsideScopeBaseAndAnOpenTelemetryScopeThatRestoresByItself() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(HandRolledScope.class, HandRolledOtelScope.class,
                UnwindingOtelScope.class, InheritingOtelScope.class, OverridingOtelScope.class);
        assertEquals(List.of(
                HandRolledOtelScope.class.getName() + " is an OpenTelemetry Scope that restores neither through ScopeChain.unwind nor by token resets",
                HandRolledScope.class.getName() + " implements io.extracontext.Scope without extending ScopeBase",
                OverridingOtelScope.class.getName() + " is an OpenTelemetry Scope that restores neither through ScopeChain.unwind nor by token resets"),
                scopeViolations(fixtures));
    }

    // --- the rules

    private static List<String> violations(Map<String, String> sources) {
        List<String> found = new ArrayList<>();
        sources.forEach((path, text) -> ONLY_IN.forEach((token, allowed) -> {
            if (allowed.contains(path)) return;
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) continue;
                if (line.contains(token)) {
                    found.add(path + ":" + (i + 1) + " calls " + token);
                    break;
                }
            }
        }));
        found.sort(null);
        return found;
    }

    private static List<String> scopeViolations(JavaClasses classes) {
        List<String> found = new ArrayList<>();
        for (JavaClass c : implementers(classes, "io.extracontext.Scope")) {
            if (c.isInterface() || c.getName().equals("io.extracontext.namespace.ScopeBase")) continue;
            if (!c.isAssignableTo("io.extracontext.namespace.ScopeBase")) {
                found.add(c.getName() + " implements io.extracontext.Scope without extending ScopeBase");
            }
        }
        for (JavaClass c : implementers(classes, "io.opentelemetry.context.Scope")) {
            if (c.isInterface()) continue;
            if (!restoresThroughCore(c)) found.add(c.getName() + " is an OpenTelemetry Scope that restores neither through ScopeChain.unwind nor by token resets");
        }
        found.sort(null);
        return found;
    }

    private static boolean restoresThroughCore(JavaClass c) {
        boolean calls = c.getMethodCallsFromSelf().stream().map(JavaMethodCall::getTarget).anyMatch(t ->
                RESTORES_THROUGH_CORE.contains(t.getOwner().getName() + "." + t.getName()));
        if (calls) return true;
        // A subclass that keeps its superclass's close() restores as that one does.
        boolean declaresClose = c.getMethods().stream().anyMatch(m -> m.getName().equals("close") && m.getRawParameterTypes().isEmpty());
        return !declaresClose && c.getRawSuperclass().map(ContextEntryStructureTest::restoresThroughCore).orElse(false);
    }

    /** What an OpenTelemetry scope of ours may close through: the shared unwinding, or resets of its own tokens. */
    private static final Set<String> RESTORES_THROUGH_CORE = Set.of(
            "io.extracontext.spi.ScopeChain.unwind",
            "io.extracontext.ContextVar.reset",
            "io.extracontext.opentelemetry.CarriedValues$Companion.exit");

    private static List<JavaClass> implementers(JavaClasses classes, String type) {
        return classes.stream().filter(c -> c.isAssignableTo(type) && !c.getName().equals(type)).collect(Collectors.toList());
    }

    // --- what the rules read

    private static Map<String, String> mainSources() {
        Map<String, String> sources = new java.util.TreeMap<>();
        for (String module : MODULES) {
            Path main = ROOT.resolve(module).resolve("src/main");
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".kt") || p.toString().endsWith(".java"))::iterator) {
                    sources.put(ROOT.relativize(file).toString().replace('\\', '/'), Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static JavaClasses compiledLibrary() {
        List<Path> dirs = MODULES.stream().map(m -> ROOT.resolve(m).resolve("target/classes")).collect(Collectors.toList());
        List<Path> missing = dirs.stream().filter(d -> !Files.isDirectory(d)).collect(Collectors.toList());
        assertEquals(List.of(), missing, "modules not compiled before the examples module");
        return new ClassFileImporter().importPaths(dirs);
    }

    // --- fixtures, each breaking one class rule

    /** A scope of ours that restores by itself, without ScopeBase's rules. */
    static final class HandRolledScope implements io.extracontext.Scope {
        @Override
        public void close() {}
    }

    /** An OpenTelemetry scope of ours that closes without the shared unwinding. */
    static final class HandRolledOtelScope implements io.opentelemetry.context.Scope {
        @Override
        public void close() {}
    }

    /** Follows the rule: restores by a reset of its own token (never run: its classes are only read). */
    static class UnwindingOtelScope implements io.opentelemetry.context.Scope {
        private final io.extracontext.ContextVar<Object> variable = new io.extracontext.ContextVar<>("fixture");
        private io.extracontext.Token<Object> token;

        @Override
        public void close() {
            variable.reset(token);
        }
    }

    /** Follows it too: keeps its superclass's close(). */
    static final class InheritingOtelScope extends UnwindingOtelScope {}

    /** Breaks it: replaces the superclass's close() with one of its own. */
    static final class OverridingOtelScope extends UnwindingOtelScope {
        @Override
        public void close() {}
    }
}
