package io.extracontext

import com.tngtech.archunit.base.DescribedPredicate
import com.tngtech.archunit.core.domain.JavaClass
import com.tngtech.archunit.core.domain.JavaClasses
import com.tngtech.archunit.core.importer.ClassFileImporter
import com.tngtech.archunit.core.importer.ImportOption
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses
import com.tngtech.archunit.library.Architectures.layeredArchitecture
import com.tngtech.archunit.library.dependencies.SliceAssignment
import com.tngtech.archunit.library.dependencies.SliceIdentifier
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices
import io.kotest.core.spec.style.FunSpec

/**
 * The layers of `extracontext-core`, as the README draws them, checked on the compiled classes.
 *
 * The root package holds two layers, because the contract fixes the names of both: the model
 * (`Context`, `ContextVar`, `Token`, `Scope`, `ContextCell` and the execution primitive) and the
 * public faces built on it (`ContextLocal`, `ContextMap`, `Backend`, `ContextMemo`, the executors).
 * Every other layer is a package of its own.
 */
class ArchitectureSpec : FunSpec({
    val core: JavaClasses = ClassFileImporter()
        .withImportOption(ImportOption.DoNotIncludeTests())
        .importPackages("io.extracontext")

    test("the packages form no cycle, with the root package split into the model and its public faces") {
        slices().assignedFrom(Layers).should().beFreeOfCycles().check(core)
    }

    test("each layer uses only the layers below it: the model never the namespaces, the backends never each other") {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer(PMAP).definedBy("io.extracontext.pmap..")
            .layer(JVM).definedBy("io.extracontext.jvm..")
            .layer(MODEL).definedBy(Layers.model)
            .layer(PROTOCOL).definedBy("io.extracontext.namespace")
            .layer(NATIVE).definedBy("io.extracontext.namespace.nativebackend..")
            .layer(PURE).definedBy("io.extracontext.namespace.purebackend..")
            .layer(FACES).definedBy(Layers.faces)
            .layer(SPI).definedBy("io.extracontext.spi..")
            .whereLayer(SPI).mayNotBeAccessedByAnyLayer()
            .whereLayer(FACES).mayNotBeAccessedByAnyLayer()
            .whereLayer(NATIVE).mayOnlyBeAccessedByLayers(FACES)
            .whereLayer(PURE).mayOnlyBeAccessedByLayers(FACES)
            .whereLayer(PROTOCOL).mayOnlyBeAccessedByLayers(NATIVE, PURE, FACES, SPI)
            .whereLayer(MODEL).mayOnlyBeAccessedByLayers(PROTOCOL, NATIVE, PURE, FACES, SPI)
            .whereLayer(JVM).mayOnlyBeAccessedByLayers(MODEL, PROTOCOL, NATIVE, PURE, FACES, SPI)
            .check(core)
    }

    test("core depends on neither the coroutines module nor the Java facade") {
        noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.extracontext.coroutines..", "io.extracontext.java..", "kotlinx.coroutines..")
            .check(core)
    }

    test("every root class the slicing names by hand still exists, so a rename cannot silently move it to the model") {
        val root = core.filter { it.packageName == "io.extracontext" }.map { it.name.substringAfterLast('.').substringBefore('$') }.toSet()
        val missing = (Layers.faceNames + Layers.executorNames).filter { it !in root }
        check(missing.isEmpty()) { "ArchitectureSpec names root classes that no longer exist: $missing" }
    }

    test("threads, thread locals, java.util.concurrent, references and logging appear only in the JVM binding") {
        // The JVM binding: jvm/, the executors' public faces, and spi/ (its leak probes name threads).
        // Callable is exempt: Context.call(Callable) and the wrap(Callable) forms are part of the contract.
        noClasses().that(Layers.platformFree).should().dependOnClassesThat(platformTypes).check(core)
    }
})

private const val PMAP = "Persistent maps"
private const val JVM = "JVM primitives"
private const val MODEL = "Model"
private const val PROTOCOL = "Namespace protocol"
private const val NATIVE = "Native backend"
private const val PURE = "Pure backend"
private const val FACES = "Public faces"
private const val SPI = "SPI"

/** Which layer a class of core is in: its package, except in the root package (see [ArchitectureSpec]). */
private object Layers : SliceAssignment {
    /** The root package's public faces, by top-level class (nested and generated classes follow theirs). */
    val faceNames = setOf(
        "ContextLocal", "ContextLocalKt", "ContextMap", "Backend", "ContextMemo",
        "ContextPreservingExecutor", "ContextPreservingScheduledExecutor", "CapturedTasksKt", "ContextRunnable", "ContextCallable",
        "ContextPreservingThreadFactory",
    )

    val executorNames = setOf(
        "ContextPreservingExecutor",
        "ContextPreservingScheduledExecutor",
        "CapturedTasksKt",
        "ContextRunnable",
        "ContextCallable",
        "ContextPreservingThreadFactory",
    )

    private fun topLevelName(c: JavaClass): String = c.name.substringAfterLast('.').substringBefore('$')

    private fun inRoot(c: JavaClass): Boolean = c.packageName == "io.extracontext"

    val faces: DescribedPredicate<JavaClass> =
        DescribedPredicate.describe("the root package's public faces") { inRoot(it) && topLevelName(it) in faceNames }

    val model: DescribedPredicate<JavaClass> =
        DescribedPredicate.describe("the root package's model") { inRoot(it) && topLevelName(it) !in faceNames }

    val platformFree: DescribedPredicate<JavaClass> =
        DescribedPredicate.describe("classes outside the JVM binding") {
            it.packageName.startsWith("io.extracontext") &&
                !it.packageName.startsWith("io.extracontext.jvm") &&
                !it.packageName.startsWith("io.extracontext.spi") &&
                !(inRoot(it) && topLevelName(it) in executorNames)
        }

    override fun getIdentifierOf(javaClass: JavaClass): SliceIdentifier = when {
        !javaClass.packageName.startsWith("io.extracontext") -> SliceIdentifier.ignore()
        inRoot(javaClass) -> SliceIdentifier.of(if (topLevelName(javaClass) in faceNames) "root: public faces" else "root: model")
        else -> SliceIdentifier.of(javaClass.packageName.removePrefix("io.extracontext."))
    }

    override fun getDescription(): String = "core's packages, the root split into the model and its public faces"
}

private val platformTypes: DescribedPredicate<JavaClass> =
    DescribedPredicate.describe("JVM platform types (threads, thread locals, java.util.concurrent except Callable, java.lang.ref, java.util.logging)") {
        val name = it.name
        name == "java.lang.Thread" ||
            name.startsWith("java.lang.Thread$") ||
            name == "java.lang.ThreadLocal" ||
            name == "java.lang.InheritableThreadLocal" ||
            (name.startsWith("java.util.concurrent.") && name != "java.util.concurrent.Callable") ||
            name.startsWith("java.lang.ref.") ||
            name.startsWith("java.util.logging.")
    }
