package io.extracontext.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code blocks are copies of compiled, running examples: each block must appear, line
 * for line (indentation aside), in its example's source, so the documentation cannot rot. The
 * examples' own checks ({@code Transcript.check...} lines) are the only lines the README leaves out.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> blocks(String language) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void assertContained(String block, Path source) throws IOException {
        List<String> code = lines(Files.readString(source)).stream().filter(l -> !l.startsWith("Transcript.")).toList();
        List<String> snippet = lines(block);
        assertTrue(Collections.indexOfSubList(code, snippet) >= 0,
                "README block is not a verbatim part of " + source + ":\n" + block);
    }

    @Test
    void theKotlinBlockIsPartOfTheCompiledKotlinExample() throws IOException {
        List<String> kotlin = blocks("kotlin");
        assertEquals(1, kotlin.size());
        assertContained(kotlin.get(0), ROOT.resolve("extracontext-examples/src/main/kotlin/io/extracontext/examples/readme/ReadmeKotlin.kt"));
    }

    @Test
    void theOpenTelemetryModuleReadmeBlocksArePartOfTheCompiledExample() throws IOException {
        String readme = Files.readString(ROOT.resolve("extracontext-opentelemetry/README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int n = 0;
        while (m.find()) {
            n++;
            assertContained(m.group(1), ROOT.resolve(
                    "extracontext-examples/src/main/java/io/extracontext/examples/opentelemetry/RequestAcrossServices.java"));
        }
        assertTrue(n >= 2, "the OpenTelemetry module README shows the client and the server side");
    }

    @Test
    void theJavaBlockIsPartOfTheCompiledJavaExample() throws IOException {
        List<String> java = blocks("java");
        assertEquals(1, java.size());
        assertContained(java.get(0), ROOT.resolve("extracontext-examples/src/main/java/io/extracontext/examples/readme/ReadmeJava.java"));
    }
}
