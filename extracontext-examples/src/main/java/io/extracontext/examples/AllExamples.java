package io.extracontext.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every example, Java and Kotlin, one after the other in this JVM, and fails (non-zero exit,
 * or a failed build under {@code mvn -Prun-examples verify}) if any of them fails its own checks.
 */
public final class AllExamples {
    private AllExamples() {}

    /** An example's {@code main}. */
    @FunctionalInterface
    public interface Main {
        void run() throws Exception;
    }

    /** One runnable example: its name (language / scenario) and its {@code main}. */
    public record Example(String name, Main main) {}

    private static final String[] NO_ARGS = new String[0];

    /** Every example, in order: the Python library's usage guide's sections, the contextvars scenarios, then the asyncio ones with coroutines. */
    public static List<Example> all() {
        return List.of(
                new Example("java/BasicUsage", () -> io.extracontext.examples.java.BasicUsage.main(NO_ARGS)),
                new Example("kotlin/BasicUsage", io.extracontext.examples.kotlin.BasicUsageKt::main),
                new Example("java/IsolatedFunction", () -> io.extracontext.examples.java.IsolatedFunction.main(NO_ARGS)),
                new Example("kotlin/IsolatedFunction", io.extracontext.examples.kotlin.IsolatedFunctionKt::main),
                new Example("java/IsolatedBlock", () -> io.extracontext.examples.java.IsolatedBlock.main(NO_ARGS)),
                new Example("kotlin/IsolatedBlock", io.extracontext.examples.kotlin.IsolatedBlockKt::main),
                new Example("java/GeneratorIsolation", () -> io.extracontext.examples.java.GeneratorIsolation.main(NO_ARGS)),
                new Example("kotlin/GeneratorIsolation", io.extracontext.examples.kotlin.GeneratorIsolationKt::main),
                new Example("java/Tasks", () -> io.extracontext.examples.java.Tasks.main(NO_ARGS)),
                new Example("kotlin/Tasks", io.extracontext.examples.kotlin.TasksKt::main),
                new Example("java/ContextMapAccess", () -> io.extracontext.examples.java.ContextMapAccess.main(NO_ARGS)),
                new Example("kotlin/ContextMapAccess", io.extracontext.examples.kotlin.ContextMapAccessKt::main),
                new Example("java/CrossThreadPreservation", () -> io.extracontext.examples.java.CrossThreadPreservation.main(NO_ARGS)),
                new Example("kotlin/CrossThreadPreservation", io.extracontext.examples.kotlin.CrossThreadPreservationKt::main),
                new Example("java/ChoosingABackend", () -> io.extracontext.examples.java.ChoosingABackend.main(NO_ARGS)),
                new Example("kotlin/ChoosingABackend", io.extracontext.examples.kotlin.ChoosingABackendKt::main),
                new Example("java/Quickstart", () -> io.extracontext.examples.java.Quickstart.main(NO_ARGS)),
                new Example("kotlin/Quickstart", io.extracontext.examples.kotlin.QuickstartKt::main),
                new Example("java/CopyContextThread", () -> io.extracontext.examples.java.CopyContextThread.main(NO_ARGS)),
                new Example("kotlin/CopyContextThread", io.extracontext.examples.kotlin.CopyContextThreadKt::main),
                new Example("java/RequestIdServer", () -> io.extracontext.examples.java.RequestIdServer.main(NO_ARGS)),
                new Example("kotlin/RequestIdServer", io.extracontext.examples.kotlin.RequestIdServerKt::main),
                new Example("java/PerRequestMemoization", () -> io.extracontext.examples.java.PerRequestMemoization.main(NO_ARGS)),
                new Example("kotlin/PerRequestMemoization", io.extracontext.examples.kotlin.PerRequestMemoizationKt::main),
                new Example("java/WithRequestId", () -> io.extracontext.examples.java.WithRequestId.main(NO_ARGS)),
                new Example("kotlin/WithRequestId", io.extracontext.examples.kotlin.WithRequestIdKt::main),
                // The asyncio scenarios again, with coroutines and flows (Kotlin only: Java has no coroutines).
                new Example("coroutines/AsyncioTasks", io.extracontext.examples.coroutines.AsyncioTasksKt::main),
                new Example("coroutines/AsyncRequestIds", io.extracontext.examples.coroutines.AsyncRequestIdsKt::main),
                new Example("coroutines/AsyncCrossThread", io.extracontext.examples.coroutines.AsyncCrossThreadKt::main),
                new Example("coroutines/AsyncGeneratorIsolation", io.extracontext.examples.coroutines.AsyncGeneratorIsolationKt::main),
                // The README's "one rule for coroutines": the mistake, its report, and the fix.
                new Example("coroutines/OneRuleForCoroutines", io.extracontext.examples.coroutines.OneRuleForCoroutinesKt::main),
                new Example("coroutines/AsyncMemoization", io.extracontext.examples.coroutines.AsyncMemoizationKt::main),
                // The MDC kept in the context (extracontext-slf4j) in a real Ktor server: 200 requests at once.
                new Example("ktor/KtorMdcServer", io.extracontext.examples.ktor.KtorMdcServerKt::main),
                // The API documentation's samples (Dokka @sample), run as they are shown there.
                new Example("samples/ContextVar", io.extracontext.examples.samples.CoreSamplesKt::contextVarSample),
                new Example("samples/copyContext", io.extracontext.examples.samples.CoreSamplesKt::copyContextSample),
                new Example("samples/ContextLocal", io.extracontext.examples.samples.CoreSamplesKt::contextLocalSample),
                new Example("samples/ContextPreservingExecutor", io.extracontext.examples.samples.CoreSamplesKt::executorSample),
                new Example("samples/ContextElement", io.extracontext.examples.samples.CoroutineSamplesKt::contextElementSample),
                new Example("samples/element", io.extracontext.examples.samples.CoroutineSamplesKt::elementSample),
                new Example("samples/flow", io.extracontext.examples.samples.CoroutineSamplesKt::flowSample),
                // Threads that the JDK creates: virtual threads (JDK 21+) and StructuredTaskScope (JDK 25, preview).
                new Example("threads/VirtualThreads", () -> io.extracontext.examples.threads.VirtualThreads.main(NO_ARGS)),
                new Example("threads/StructuredConcurrency",
                        () -> io.extracontext.examples.threads.Jdk25Examples.run("io.extracontext.examples.threads.StructuredConcurrency")),
                new Example("samples/ContextPreservingThreadFactory", io.extracontext.examples.samples.CoreSamplesKt::threadFactorySample),
                // Across processes: a request id crossing two services with extracontext-opentelemetry.
                new Example("opentelemetry/RequestAcrossServices", () -> io.extracontext.examples.opentelemetry.RequestAcrossServices.main(NO_ARGS)),
                // The same code with and without the OpenTelemetry Java agent (spans in our context, a request id as baggage).
                new Example("opentelemetry/WithTheJavaAgent", () -> io.extracontext.examples.opentelemetry.WithTheJavaAgent.main(NO_ARGS)),
                // The README's two snippets, run as they are printed there.
                new Example("readme/Kotlin", io.extracontext.examples.readme.ReadmeKotlinKt::main),
                new Example("readme/Java", () -> io.extracontext.examples.readme.ReadmeJava.main(NO_ARGS)));
    }

    public static void main(String[] args) {
        // extracontext-slf4j keeps the MDC in the context; SLF4J reads this once, before the first logger.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "io.extracontext.slf4j.ExtraContextServiceProvider");
        }
        List<String> failed = new ArrayList<>();
        List<Example> examples = all();
        for (Example example : examples) {
            System.out.println("== " + example.name());
            try {
                example.main().run();
                System.out.println("   ok");
            } catch (Throwable t) {
                System.out.println("   FAILED: " + t);
                t.printStackTrace(System.out);
                failed.add(example.name());
            }
        }
        System.out.println("== " + (examples.size() - failed.size()) + " of " + examples.size() + " examples passed their checks");
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Examples failed: " + failed);
        }
    }
}
