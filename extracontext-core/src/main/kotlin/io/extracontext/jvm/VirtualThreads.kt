package io.extracontext.jvm

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/**
 * The JDK 21 virtual-thread API, reached through a method handle: core's bytecode targets Java 17
 * and must load and run there.
 */
internal object VirtualThreads {
    private val perTaskExecutor: MethodHandle? = try {
        MethodHandles.publicLookup().findStatic(
            Executors::class.java,
            "newVirtualThreadPerTaskExecutor",
            MethodType.methodType(ExecutorService::class.java),
        )
    } catch (_: ReflectiveOperationException) {
        null
    }

    /**
     * `Executors.newVirtualThreadPerTaskExecutor()`.
     *
     * @throws UnsupportedOperationException on a JDK older than 21, naming the JDK needed.
     */
    @JvmSynthetic
    fun newPerTaskExecutor(what: String): ExecutorService {
        val handle = perTaskExecutor
            ?: throw UnsupportedOperationException(
                "$what needs virtual threads, JDK 21 or later; this JVM is Java ${System.getProperty("java.version")}. " +
                    "On this JDK, wrap a pool instead: ContextPreservingExecutor.wrap(Executors.newCachedThreadPool())",
            )
        return handle.invoke() as ExecutorService
    }
}
