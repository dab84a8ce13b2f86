package io.extracontext.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the README shows beyond code (code blocks: {@code docs.MarkdownFilesTest}, for every Markdown
 * file): the strict-mode report, word for word as the library makes it, and the coordinates of every
 * published module at the project's version.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The README's blocks in {@code language}, except those marked with the file they come from (see below). */
    private static List<String> blocks(String language) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(<!-- from: [^>]+ -->\\n)?```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> out = new ArrayList<>();
        while (m.find()) if (m.group(1) == null) out.add(m.group(2));
        return out;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The Gradle (Kotlin DSL) block of "Getting it": coordinates, not code to compile. */
    private static boolean isGradleBlock(String block) {
        return block.strip().startsWith("dependencies {");
    }

    /**
     * The report the README shows is, word for word, the one the example gets from the library: the
     * example runs in a JVM of its own (strict mode reports a call site once per JVM) and prints it.
     */
    @Test
    void theReportShownForTheMistakeIsTheOneTheLibraryMakes() throws Exception {
        List<String> text = blocks("text");
        assertEquals(1, text.size());
        String shown = String.join(" ", lines(text.get(0)));
        String output;
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("one-rule", ".log");
        try {
            Process child = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                    "io.extracontext.examples.coroutines.OneRuleForCoroutinesKt").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("the example's JVM did not end in 60 s:\n" + Files.readString(log));
            }
            output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
        String printed = output;
        String reported = output.lines().map(String::strip).filter(l -> l.startsWith("reported: ")).findFirst()
                .orElseThrow(() -> new AssertionError("the example printed no report:\n" + printed)).substring("reported: ".length());
        assertEquals(reported, shown, "README's report text differs from what the library reports");
    }

    /** Modules of the root pom that are libraries (not the examples, the example applications or the benchmarks). */
    private static List<String> publishedModules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            String module = m.group(1).strip();
            // Published unless its pom says otherwise: the same switch the release build reads.
            boolean unpublished = Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<publish.skip>true</publish.skip>");
            if (!unpublished) out.add(module);
        }
        return out;
    }

    @Test
    void gettingItGivesMavenAndGradleCoordinatesOfEveryModuleAtTheProjectVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>extracontext-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find(), "the root pom's version");
        String maven = blocks("xml").get(0);
        String gradle = blocks("kotlin").stream().filter(ReadmeSnippetsTest::isGradleBlock).findFirst().orElseThrow();
        List<String> inMaven = new ArrayList<>();
        Matcher a = Pattern.compile("<artifactId>(extracontext-[a-z0-9-]+)</artifactId>").matcher(maven);
        while (a.find()) inMaven.add(a.group(1));
        List<String> inGradle = new ArrayList<>();
        Matcher g = Pattern.compile("\"io\\.extracontext:(extracontext-[a-z0-9-]+)(:[^\"]+)?\"").matcher(gradle);
        while (g.find()) inGradle.add(g.group(1));
        assertEquals(inMaven, inGradle, "the Maven and the Gradle block list the same artifacts, in the same order");
        for (String module : publishedModules()) {
            assertTrue(inMaven.contains(module), module + " is a module of the root pom but has no coordinates in README's Getting it");
        }
        assertTrue(maven.contains("<version>" + version.group(1) + "</version>"), "the BOM at version " + version.group(1));
        assertTrue(gradle.contains("extracontext-bom:" + version.group(1)), "the BOM at version " + version.group(1));
    }

}
