package io.extracontext.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.extracontext.Context;
import io.extracontext.Contexts;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code mvn verify} runs every example: each one checks its own output and throws if what it shows
 * is not true. Each must also leave the calling thread's context as it found it.
 */
class AllExamplesTest {

    @TestFactory
    Stream<DynamicTest> everyExamplePassesItsOwnChecks() {
        return AllExamples.all().stream().map(example -> DynamicTest.dynamicTest(example.name(), () -> {
            Context before = Contexts.copyContext();
            example.main().run();
            assertEquals(before, Contexts.copyContext(), example.name() + " left values in the caller's context");
        }));
    }

    @Test
    void everyScenarioHasAJavaAndAKotlinExample() {
        List<String> names = AllExamples.all().stream().map(AllExamples.Example::name).collect(Collectors.toList());
        List<String> java = names.stream().filter(n -> n.startsWith("java/")).map(n -> n.substring(5)).collect(Collectors.toList());
        List<String> kotlin = names.stream().filter(n -> n.startsWith("kotlin/")).map(n -> n.substring(7)).collect(Collectors.toList());
        assertEquals(13, java.size(), names.toString());
        assertEquals(java, kotlin);
    }
}
