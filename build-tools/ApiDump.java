import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jetbrains.kotlin.abi.tools.AbiFilters;
import org.jetbrains.kotlin.abi.tools.AbiTools;

/**
 * The API guard's launcher, run by the parent pom in every library module on {@code mvn verify}.
 *
 * <p>All the work is done by Kotlin's own ABI tooling ({@code org.jetbrains.kotlin:abi-tools}, the
 * engine of the Kotlin Gradle plugin's {@code checkKotlinAbi}/{@code updateKotlinAbi}, which has no
 * Maven plugin and no command line of its own): {@code printJvmDump} writes the public ABI of the
 * compiled classes in the binary-compatibility-validator format (Kotlin visibility, internal and
 * synthetic members hidden, Java classes by their access flags), and {@code filesDiff} reports a
 * difference. This file only passes it the module's classes and the committed dump.
 *
 * <p>Run as a single-file source program (JDK 11+):
 * {@code java -cp <abi-tools jars> ApiDump.java check|update <classes dir> <committed dump> <actual dump> <update command>}
 */
public final class ApiDump {
    private ApiDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5 || !(args[0].equals("check") || args[0].equals("update"))) {
            System.err.println("usage: ApiDump check|update <classes dir> <committed dump> <actual dump> <update command>");
            System.exit(2);
        }
        boolean update = args[0].equals("update");
        File classes = new File(args[1]);
        Path committed = Path.of(args[2]);
        Path actual = Path.of(args[3]);
        String updateCommand = args[4];

        StringBuilder dump = new StringBuilder();
        if (classes.isDirectory()) {
            AbiTools tools = AbiTools.Companion.getInstance(ApiDump.class.getClassLoader());
            List<File> classFiles;
            try (var walk = Files.walk(classes.toPath())) {
                // The tool reads class files, not directories; a sorted list keeps the run repeatable.
                classFiles = walk.filter(p -> p.toString().endsWith(".class")).sorted().map(Path::toFile).toList();
            }
            tools.printJvmDump(dump, classFiles, AbiFilters.Companion.getEMPTY());
        }
        Files.createDirectories(actual.toAbsolutePath().getParent());
        Files.writeString(actual, dump, StandardCharsets.UTF_8);

        if (update) {
            Files.createDirectories(committed.toAbsolutePath().getParent());
            boolean same = Files.exists(committed) && Files.readString(committed, StandardCharsets.UTF_8).contentEquals(dump);
            Files.writeString(committed, dump, StandardCharsets.UTF_8);
            System.out.println("[api] " + (same ? "unchanged: " : "updated: ") + committed);
            return;
        }
        if (!Files.exists(committed)) {
            fail("There is no committed API dump at " + committed + ".", updateCommand);
        }
        String diff = AbiTools.Companion.getInstance(ApiDump.class.getClassLoader())
                .filesDiff(committed.toFile(), actual.toFile());
        if (diff != null) {
            System.err.println("[api] The public API differs from the committed dump " + committed + ":");
            System.err.println(diff);
            fail("The public API changed (the diff above: '-' is the committed dump, '+' the code).", updateCommand);
        }
        System.out.println("[api] matches " + committed);
    }

    private static void fail(String what, String updateCommand) {
        System.err.println("[api] " + what);
        System.err.println("[api] If the change is intended, update the dumps and commit them with the change:");
        System.err.println("[api]     " + updateCommand);
        System.err.println("[api] If it is not, restore the API (a removed or changed public declaration breaks users' binaries).");
        System.exit(1);
    }
}
