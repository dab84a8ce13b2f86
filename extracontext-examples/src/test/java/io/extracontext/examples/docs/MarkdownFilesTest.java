package io.extracontext.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Markdown file of the repository (the READMEs, {@code docs/**}, the guide) is correct by
 * construction: its Java and Kotlin blocks are copies of compiled code, its dependency snippets name
 * modules of this build at this build's version, and its relative links lead somewhere.
 *
 * <p>The convention for a code block: the line right before the fence is
 * {@code <!-- from: path/relative/to/the/repository/root -->}, and the block's lines (indentation
 * and blank lines ignored) appear in that order in that file. A Kotlin block that starts with
 * {@code dependencies {} is a Gradle dependency snippet: it is checked as one, not as code.
 */
class MarkdownFilesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FROM = Pattern.compile("^<!-- from: (\\S+) -->$");
    private static final Path DOKKA_INCLUDES = ROOT.resolve("extracontext-docs/src/dokka");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".mvn", ".idea");

    /** A fenced block: its language, its text, the line before its fence, where it starts. */
    record Block(Path file, int line, String language, String text, String lineBefore) {
        String where() {
            return ROOT.relativize(file) + ":" + line;
        }

        boolean isGradleDependencies() {
            return language.equals("kotlin") && text.strip().startsWith("dependencies {");
        }

        boolean isCode() {
            return (language.equals("java") || language.equals("kotlin") || language.equals("kt")) && !isGradleDependencies();
        }
    }

    static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> ROOT.relativize(p).toString().chars().noneMatch(c -> c == '\\'))
                    .filter(p -> {
                        for (Path part : ROOT.relativize(p)) if (SKIPPED_DIRECTORIES.contains(part.toString())) return false;
                        return true;
                    })
                    .sorted().toList();
        }
    }

    static List<Block> blocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i).strip();
            if (!open.startsWith("```")) continue;
            String language = open.substring(3).strip().toLowerCase(Locale.ROOT);
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) text.append(lines.get(i)).append('\n');
            out.add(new Block(file, start + 1, language, text.toString(), start > 0 ? lines.get(start - 1).strip() : ""));
        }
        return out;
    }

    static List<String> codeLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Where {@code block}'s lines appear in order in {@code source}; the first one that does not, or null. */
    static String firstMissingLine(List<String> block, List<String> source) {
        int at = 0;
        for (String line : block) {
            while (at < source.size() && !source.get(at).equals(line)) at++;
            if (at == source.size()) return line;
            at++;
        }
        return null;
    }

    @Test
    void everyJavaAndKotlinBlockNamesItsCompiledSourceAndIsAVerbatimPartOfIt() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path file : markdownFiles()) {
            for (Block block : blocks(file)) {
                if (!block.isCode()) continue;
                checked++;
                Matcher from = FROM.matcher(block.lineBefore());
                if (!from.matches()) {
                    failures.add(block.where() + ": no `<!-- from: path -->` on the line before the fence");
                    continue;
                }
                Path source = ROOT.resolve(from.group(1)).normalize();
                String name = source.getFileName().toString();
                if (!Files.isRegularFile(source) || !(name.endsWith(".java") || name.endsWith(".kt"))) {
                    failures.add(block.where() + ": " + from.group(1) + " is not a Java or Kotlin source file of the repository");
                    continue;
                }
                if (!source.toString().contains("/src/")) {
                    failures.add(block.where() + ": " + from.group(1) + " is not under a module's src/ (not compiled)");
                    continue;
                }
                String missing = firstMissingLine(codeLines(block.text()), codeLines(Files.readString(source)));
                if (missing != null) failures.add(block.where() + ": not a verbatim part of " + from.group(1) + "; from here on it differs: " + missing);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(checked > 20, "found only " + checked + " code blocks: is the repository root " + ROOT + "?");
    }

    static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>extracontext-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(version.find(), "the root pom's version");
        return version.group(1);
    }

    /** The artifactId of every pom.xml of the build (the parent's block removed first). */
    static Set<String> artifactsOfTheBuild() throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            for (Path pom : walk.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                if (ROOT.relativize(pom).toString().contains("target/")) continue;
                String text = Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "");
                Matcher a = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(text);
                if (a.find()) out.add(a.group(1));
            }
        }
        return out;
    }

    @Test
    void everyDependencySnippetNamesAModuleOfThisBuildAtTheProjectVersion() throws IOException {
        String version = projectVersion();
        Set<String> artifacts = artifactsOfTheBuild();
        List<String> failures = new ArrayList<>();
        Pattern mavenDependency = Pattern.compile("(?s)<groupId>io\\.extracontext</groupId>\\s*<artifactId>([^<]+)</artifactId>(\\s*<version>([^<]*)</version>)?");
        Pattern gradleDependency = Pattern.compile("\"io\\.extracontext:([a-z0-9-]+)(?::([^\"]*))?\"");
        for (Path file : markdownFiles()) {
            String whole = Files.readString(file);
            if (whole.contains("${extracontext.version}")) failures.add(ROOT.relativize(file) + ": the undefined placeholder ${extracontext.version}");
            for (Block block : blocks(file)) {
                boolean maven = block.language().equals("xml");
                if (!maven && !block.isGradleDependencies()) continue;
                Matcher m = (maven ? mavenDependency : gradleDependency).matcher(block.text());
                while (m.find()) {
                    String artifact = m.group(1);
                    String given = maven ? m.group(3) : m.group(2);
                    if (!artifacts.contains(artifact)) failures.add(block.where() + ": " + artifact + " is not a module of this build");
                    if (given != null && !given.equals(version)) failures.add(block.where() + ": " + artifact + " at version " + given + ", not " + version);
                }
                Matcher placeholder = Pattern.compile("\\$\\{([^}]+)}").matcher(block.text());
                while (placeholder.find()) failures.add(block.where() + ": the placeholder ${" + placeholder.group(1) + "}, defined nowhere a reader sees");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replace("`", "").strip().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') out.appendCodePoint(c);
            else if (c == ' ') out.append('-');
        });
        return out.toString();
    }

    static Set<String> anchors(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("```")) inFence = !inFence;
            if (inFence || !line.startsWith("#")) continue;
            String a = anchor(line.replaceFirst("^#+", ""));
            int n = seen.merge(a, 1, Integer::sum);
            out.add(n == 1 ? a : a + "-" + (n - 1));
        }
        return out;
    }

    /** The text of a file outside its fences and inline code spans, where links are links. */
    static String prose(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        boolean inFence = false;
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (!inFence) out.append(line.replaceAll("`[^`]*`", "``")).append('\n');
        }
        return out.toString();
    }

    @Test
    void everyRelativeLinkLeadsToAFileOfTheRepositoryAndItsAnchorToAHeading() throws IOException {
        List<String> failures = new ArrayList<>();
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
        int checked = 0;
        for (Path file : markdownFiles()) {
            Matcher m = link.matcher(prose(file));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) continue;   // https:, mailto:, ...
                checked++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (file.startsWith(DOKKA_INCLUDES) && path.startsWith("guide/") && path.endsWith(".html")) {
                    // Dokka's module page links into the site, where docs/guide/x.md is rendered as guide/x.html.
                    resolved = ROOT.resolve("docs").resolve(path.replaceAll("\\.html$", ".md"));
                }
                String where = ROOT.relativize(file) + ": (" + target + ")";
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    failures.add(where + ": no such file in the repository");
                    continue;
                }
                if (fragment != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(fragment)) {
                    failures.add(where + ": no heading with the anchor #" + fragment + " in " + ROOT.relativize(resolved));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(checked > 20, "found only " + checked + " relative links");
    }

    @Test
    void theAnchorOfAHeadingIsTheOneGitHubMakes() {
        assertEquals("the-one-rule-for-coroutines", anchor(" The one rule for coroutines"));
        assertEquals("from-threadlocal-to-contextvar", anchor("From `ThreadLocal` to `ContextVar`"));
        assertEquals("strict-mode-and-the-misuse-errors", anchor("Strict mode, and the misuse errors"));
    }

    @Test
    void aBlockMatchesItsSourceOnlyWhenItsLinesAppearThereInOrder() {
        List<String> source = List.of("a", "b", "c", "d");
        assertEquals(null, firstMissingLine(List.of("a", "c"), source));
        assertEquals("a", firstMissingLine(List.of("c", "a"), source));
        assertEquals("x", firstMissingLine(List.of("b", "x"), source));
    }
}
