package io.extracontext.spring.example;

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
 * The Java blocks of extracontext-micrometer's README are copies of this module's compiled, running
 * sources: each block must appear, line for line (indentation aside), in its source file. The
 * sources' own {@code check(...)} lines are the only ones the README leaves out.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCES = ROOT.resolve("extracontext-spring-example/src/main/java/io/extracontext/spring/example");

    private static List<String> javaBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("extracontext-micrometer/README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void assertContained(String block, String sourceFile) throws IOException {
        Path source = SOURCES.resolve(sourceFile);
        List<String> code = lines(Files.readString(source)).stream().filter(l -> !l.startsWith("check(")).toList();
        assertTrue(Collections.indexOfSubList(code, lines(block)) >= 0,
                "README block is not a verbatim part of " + source + ":\n" + block);
    }

    @Test
    void theReadmesJavaBlocksArePartsOfTheCompiledExamples() throws IOException {
        List<String> blocks = javaBlocks();
        assertEquals(3, blocks.size(), "the README's java blocks changed in number");
        assertContained(blocks.get(0), "RequestIdFilter.java");
        assertContained(blocks.get(1), "RequestIdApplication.java");
        assertContained(blocks.get(2), "ReactorExample.java");
    }
}
