package io.extracontext.surface

import java.lang.reflect.Constructor
import java.lang.reflect.Executable
import java.lang.reflect.Field
import java.lang.reflect.GenericArrayType
import java.lang.reflect.Member
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.Type
import java.lang.reflect.TypeVariable
import java.lang.reflect.WildcardType
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.metadata.KmClass
import kotlin.metadata.KmDeclarationContainer
import kotlin.metadata.Visibility
import kotlin.metadata.jvm.KotlinClassMetadata
import kotlin.metadata.jvm.fieldSignature
import kotlin.metadata.jvm.getterSignature
import kotlin.metadata.jvm.setterSignature
import kotlin.metadata.jvm.signature
import kotlin.metadata.visibility

/**
 * What Java sees of a module's compiled classes, checked member by member: the rules a Java caller
 * relies on, and what Kotlin's compiler exposes unless told otherwise.
 *
 * A Kotlin `internal` member of a public class is public in the bytecode (with a mangled name, or
 * none for a constructor or a `@JvmField`): `javac` can call it. Kotlin function types, `Unit` and
 * `Sequence` in a signature make a member awkward or unusable from Java. So, for every class that
 * is public in Kotlin (and every public top-level function), each member `javac` can call
 * (public or protected, not synthetic):
 * - is public in Kotlin too (else: mark it `@JvmSynthetic`, or make it private);
 * - if it is a field, is final;
 * - names no internal type (a Kotlin-internal class, or a class of [internalPackages]) and no
 *   Kotlin-only type ([kotlinOnlyTypes]) in its signature, generics included; constructors, and
 *   members that implement a library's interface, are exempt from the Kotlin-only rule (Kotlin
 *   cannot hide them; the class's KDoc says it is Kotlin-only);
 * - if it belongs to an `object` or a companion, has a static form on the class (`@JvmStatic`).
 *
 * A Kotlin-internal class is checked too (see [internalViolationsOf]): no static field but
 * constants, no mutable field, and no callable member of an internal `object`.
 */
object JavaSurface {
    /** Types Java callers cannot use well; a member naming them must be hidden with `@JvmSynthetic`. */
    private val kotlinOnlyTypes = listOf("kotlin.jvm.functions.", "kotlin.sequences.", "kotlin.Unit", "kotlin.reflect.", "kotlin.coroutines.Continuation")

    /** The packages of a module's machinery: nothing of them may appear in a Java-visible signature. */
    private val internalPackages = listOf("io.extracontext.pmap.", "io.extracontext.jvm.", "io.extracontext.namespace.")

    /** The violations in the classes under [root] (a classes directory) whose names start with [prefix]. */
    fun violations(root: Path, prefix: String, loader: ClassLoader): List<String> {
        val names = Files.walk(root).use { paths ->
            paths.filter { it.toString().endsWith(".class") }
                .map { root.relativize(it).toString().removeSuffix(".class").replace('/', '.').replace('\\', '.') }
                .filter { it.startsWith(prefix) && !it.endsWith("module-info") }
                .toList()
        }
        return names.sorted().flatMap { violationsOf(Class.forName(it, false, loader)) }
    }

    /** The classes directory (or jar) [type] was loaded from. */
    fun classesOf(type: Class<*>): Path = Paths.get(type.protectionDomain.codeSource.location.toURI())

    private fun violationsOf(type: Class<*>): List<String> {
        if (type.isSynthetic || !isVisibleToJava(type)) return emptyList()
        val metadata = metadataOf(type) ?: return emptyList() // not Kotlin: not this check's business
        val container: KmDeclarationContainer = when (metadata) {
            is KotlinClassMetadata.Class -> metadata.kmClass
            is KotlinClassMetadata.FileFacade -> metadata.kmPackage
            is KotlinClassMetadata.MultiFileClassPart -> metadata.kmPackage
            else -> return emptyList() // lambdas, multi-file facades: nothing of their own
        }
        if (container is KmClass && !isKotlinPublic(type)) return internalViolationsOf(type, metadata)
        val kotlinVisibility = kotlinVisibilities(container)
        val out = ArrayList<String>()
        val members: List<Member> = type.declaredFields.toList() + type.declaredConstructors + type.declaredMethods
        for (member in members) {
            if (!isCallableFromJava(member)) continue
            val where = "${type.name}.${describe(member)}"
            val visibility = kotlinVisibility[signatureOf(member)]
            if (visibility != null && visibility != Visibility.PUBLIC && visibility != Visibility.PROTECTED) {
                out += "$where is $visibility in Kotlin but callable from Java: mark it @JvmSynthetic or make it private"
                continue
            }
            if (member is Field && !Modifier.isFinal(member.modifiers)) out += "$where is a mutable field visible to Java"
            val exemptFromKotlinTypes = member is Constructor<*> || (member is Method && implementsLibraryMethod(member))
            for (named in typesOf(member)) {
                when {
                    isInternalType(named) -> out += "$where names the internal type ${named.name}"
                    !exemptFromKotlinTypes && kotlinOnlyTypes.any { named.name.startsWith(it) } ->
                        out += "$where names the Kotlin-only type ${named.name}: hide it with @JvmSynthetic (and give Java a form)"
                }
            }
            if (member is Method &&
                !Modifier.isStatic(member.modifiers) &&
                isObjectOrCompanion(type, metadata) &&
                !isAnyMethod(member) &&
                !implementsLibraryMethod(member)
            ) {
                val owner = if (type.simpleName == "Companion") type.enclosingClass else type
                val hasStatic = owner.declaredMethods.any {
                    Modifier.isStatic(it.modifiers) && it.name == member.name && it.parameterTypes.contentEquals(member.parameterTypes)
                }
                if (!hasStatic) out += "$where has no static form for Java: add @JvmStatic"
            }
        }
        return out
    }

    /**
     * A Kotlin-internal class is public in the bytecode: Java must find nothing on it to call or to
     * write. Its static fields are private (or constants), its instance fields final, and an internal `object`'s members (its state and its
     * machinery) are `@JvmSynthetic` or private; only what implements a library's interface (which
     * Kotlin cannot hide) is exempt.
     */
    private fun internalViolationsOf(type: Class<*>, metadata: KotlinClassMetadata): List<String> {
        val out = ArrayList<String>()
        for (field in type.declaredFields) {
            if (!isCallableFromJava(field) || field.name == "INSTANCE" || field.name == "Companion" || isConstant(field)) continue
            // A final instance field needs an instance, which only hidden members hand out: the
            // read caches keep theirs as fields (@JvmField) for the read path's speed.
            if (Modifier.isFinal(field.modifiers) && !Modifier.isStatic(field.modifiers)) continue
            out += if (Modifier.isFinal(field.modifiers)) {
                "${type.name}.${field.name} is a static field of an internal class visible to Java: drop @JvmField or make it private"
            } else {
                "${type.name}.${field.name} is a mutable field of an internal class visible to Java: make it private"
            }
        }
        if (isObjectOrCompanion(type, metadata)) {
            for (method in type.declaredMethods) {
                if (!isCallableFromJava(method) || isAnyMethod(method) || implementsLibraryMethod(method)) continue
                out += "${type.name}.${describe(method)} is a member of an internal object callable from Java: mark it @JvmSynthetic"
            }
        }
        return out
    }

    // A `const val`: a static final primitive or string, copied into its callers at compile time.
    private fun isConstant(field: Field): Boolean = Modifier.isStatic(field.modifiers) &&
        Modifier.isFinal(field.modifiers) &&
        (field.type.isPrimitive || field.type == String::class.java)

    private fun metadataOf(type: Class<*>): KotlinClassMetadata? {
        val annotation = type.getAnnotation(Metadata::class.java) ?: return null
        return KotlinClassMetadata.readLenient(annotation)
    }

    // Public in Kotlin, and so are the classes it is nested in.
    private fun isKotlinPublic(type: Class<*>): Boolean {
        var t: Class<*>? = type
        while (t != null) {
            val metadata = metadataOf(t)
            if (metadata is KotlinClassMetadata.Class) {
                val visibility = metadata.kmClass.visibility
                if (visibility != Visibility.PUBLIC && visibility != Visibility.PROTECTED) return false
            }
            t = t.enclosingClass
        }
        return true
    }

    private fun isVisibleToJava(type: Class<*>): Boolean {
        var t: Class<*>? = type
        while (t != null) {
            if (!Modifier.isPublic(t.modifiers) && !Modifier.isProtected(t.modifiers)) return false
            t = t.enclosingClass
        }
        return true
    }

    private fun isInternalType(type: Class<*>): Boolean {
        if (internalPackages.any { type.name.startsWith(it) }) return true
        if (!type.name.startsWith("io.extracontext.")) return false
        return !isKotlinPublic(type)
    }

    private fun isCallableFromJava(member: Member): Boolean {
        val modifiers = member.modifiers
        if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) return false
        if (member.isSynthetic) return false
        return !(member is Method && member.isBridge)
    }

    private fun isObjectOrCompanion(type: Class<*>, metadata: KotlinClassMetadata): Boolean {
        if (metadata !is KotlinClassMetadata.Class) return false
        return type.declaredFields.any { it.name == "INSTANCE" && Modifier.isStatic(it.modifiers) } ||
            (type.simpleName == "Companion" && type.enclosingClass != null)
    }

    private fun isAnyMethod(method: Method): Boolean = method.name in setOf("equals", "hashCode", "toString")

    /** Whether [method] implements a method of a supertype that is not this library's (Kotlin cannot hide such a method). */
    private fun implementsLibraryMethod(method: Method): Boolean {
        val supertypes = ArrayDeque<Class<*>>()
        method.declaringClass.superclass?.let(supertypes::add)
        supertypes.addAll(method.declaringClass.interfaces)
        while (supertypes.isNotEmpty()) {
            val s = supertypes.removeFirst()
            if (!s.name.startsWith("io.extracontext.") &&
                s.declaredMethods.any { it.name == method.name && it.parameterCount == method.parameterCount }
            ) {
                return true
            }
            s.superclass?.let(supertypes::add)
            supertypes.addAll(s.interfaces)
        }
        return false
    }

    /** Kotlin's visibility of each JVM member the metadata declares, by JVM signature (name + descriptor). */
    private fun kotlinVisibilities(container: KmDeclarationContainer): Map<String, Visibility> {
        val out = HashMap<String, Visibility>()
        if (container is KmClass) {
            for (c in container.constructors) c.signature?.let { out[it.toString()] = c.visibility }
        }
        for (f in container.functions) f.signature?.let { out[it.toString()] = f.visibility }
        for (p in container.properties) {
            p.getterSignature?.let { out[it.toString()] = p.visibility }
            p.setterSignature?.let { out[it.toString()] = p.setter?.visibility ?: p.visibility }
            p.fieldSignature?.let { out["field:" + it.name] = p.visibility }
        }
        return out
    }

    private fun signatureOf(member: Member): String = when (member) {
        is Field -> "field:" + member.name
        is Constructor<*> -> "<init>" + descriptor(member)
        is Method -> member.name + descriptor(member)
        else -> member.name
    }

    private fun descriptor(executable: Executable): String {
        val params = executable.parameterTypes.joinToString("") { descriptorOf(it) }
        val result = if (executable is Method) descriptorOf(executable.returnType) else "V"
        return "($params)$result"
    }

    private fun descriptorOf(type: Class<*>): String = when {
        type.isArray -> type.name.replace('.', '/')
        type == Void.TYPE -> "V"
        type == Boolean::class.javaPrimitiveType -> "Z"
        type == Byte::class.javaPrimitiveType -> "B"
        type == Char::class.javaPrimitiveType -> "C"
        type == Short::class.javaPrimitiveType -> "S"
        type == Int::class.javaPrimitiveType -> "I"
        type == Long::class.javaPrimitiveType -> "J"
        type == Float::class.javaPrimitiveType -> "F"
        type == Double::class.javaPrimitiveType -> "D"
        else -> "L" + type.name.replace('.', '/') + ";"
    }

    /** Every class [member]'s signature names, type arguments and bounds included. */
    private fun typesOf(member: Member): Set<Class<*>> {
        val types = when (member) {
            is Field -> listOf(member.genericType)
            is Method -> member.genericParameterTypes.toList() + member.genericReturnType
            is Constructor<*> -> member.genericParameterTypes.toList()
            else -> emptyList()
        }
        val out = LinkedHashSet<Class<*>>()
        types.forEach { collect(it, out, HashSet()) }
        return out
    }

    private fun collect(type: Type, out: MutableSet<Class<*>>, seen: MutableSet<Type>) {
        if (!seen.add(type)) return
        when (type) {
            is Class<*> -> out += if (type.isArray) type.componentType else type
            is ParameterizedType -> {
                collect(type.rawType, out, seen)
                type.actualTypeArguments.forEach { collect(it, out, seen) }
            }
            is WildcardType -> (type.upperBounds + type.lowerBounds).forEach { collect(it, out, seen) }
            is TypeVariable<*> -> type.bounds.forEach { collect(it, out, seen) }
            is GenericArrayType -> collect(type.genericComponentType, out, seen)
        }
    }

    private fun describe(member: Member): String = when (member) {
        is Field -> member.name
        is Constructor<*> -> "<init>(${member.parameterTypes.joinToString { it.simpleName }})"
        is Method -> "${member.name}(${member.parameterTypes.joinToString { it.simpleName }})"
        else -> member.name
    }
}
