package io.extracontext.examples.threads;

import io.extracontext.ContextVar;
import io.extracontext.java.ExtraContext;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs an example that uses a preview API of JDK 25 (StructuredTaskScope). Such classes are compiled
 * only by the examples pom's jdk25 profile, with {@code --enable-preview}, and load only in a JVM started
 * with it; the examples run inside Maven's JVM, so this starts a second JVM for them (bounded, and
 * always stopped). On any other JDK it prints why the example is skipped.
 */
public final class Jdk25Examples {
    private Jdk25Examples() {}

    /** Runs {@code className}'s {@code main} in a JVM with preview features on, or prints why not. */
    public static void run(String className) throws Exception {
        int feature = Runtime.version().feature();
        String resource = "/" + className.replace('.', '/') + ".class";
        if (feature != 25 || Jdk25Examples.class.getResource(resource) == null) {
            System.out.println("   skipped: " + className.substring(className.lastIndexOf('.') + 1)
                    + " uses StructuredTaskScope, a preview API of JDK 25; this is JDK " + feature);
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "-cp", classPath(), className));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(className + " did not finish in 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            output.lines().forEach(line -> System.out.println("   | " + line));
            if (process.exitValue() != 0) {
                throw new IllegalStateException(className + " failed (exit " + process.exitValue() + ")");
            }
        } finally {
            process.destroyForcibly();
        }
    }

    /** The examples' classes and the libraries they use: where each one was loaded from. */
    private static String classPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : List.of(Jdk25Examples.class, ContextVar.class, ExtraContext.class, kotlin.Unit.class)) {
            entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
