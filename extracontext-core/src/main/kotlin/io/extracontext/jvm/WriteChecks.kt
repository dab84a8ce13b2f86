package io.extracontext.jvm

import java.security.CodeSource
import java.util.concurrent.ConcurrentHashMap
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

/**
 * Catches the first mistake of coroutines without a `ContextElement`: such a coroutine
 * has no context of its own, so its writes land in the context of whatever thread runs it, leak to
 * that thread, and are lost when it resumes elsewhere. kotlinx.coroutines has no hook to install
 * an element by default, so the library reports the mistake instead; it never throws, and never
 * changes what the write does.
 *
 * - Always on: the first write into a kotlinx.coroutines dispatcher worker's own root context
 *   (`Dispatchers.Default`/`IO`) is reported once per thread. It runs only where the model
 *   creates a thread's first cell, so no later write pays anything.
 * - Strict mode: every write made inside a running kotlinx coroutine into a cell that no
 *   coroutine element (or isolated iterator) carries is reported once per call site, found by the
 *   stack walk strict mode already pays for scopes.
 *
 * Both go to `java.util.logging`, logger `io.extracontext.coroutines`, level WARNING, with a
 * throwable whose stack trace shows the write. Core does not depend on kotlinx.coroutines: workers
 * and coroutine frames are recognised by class and method names.
 */
internal object WriteChecks {
    /** The `attribute` of a write that is a namespace's `enter()`. */
    const val ENTER: String = "\u0000enter()"

    /** kotlinx.coroutines' pooled thread class behind `Dispatchers.Default` and `Dispatchers.IO` (internal to it). */
    private const val WORKER_CLASS = "kotlinx.coroutines.scheduling.CoroutineScheduler\$Worker"

    private const val FIX = "Fix: start the coroutines from a scope that holds a ContextElement " +
        "(runBlocking(ContextElement()) { }, CoroutineScope(Dispatchers.Default + ContextElement())), " +
        "or run the block in withContext(ctx.element()) { } or withContext(variable.asContextElement(value)) { } " +
        "(module extracontext-coroutines)."

    // Looked up at the first report, not at the first write: fetching a logger starts the JUL
    // LogManager, which an application server may want to configure itself first.
    private val logger: Logger by lazy { Logger.getLogger("io.extracontext.coroutines") }

    // Only worker threads ever get an entry, and its value is a JDK Boolean: nothing here can pin
    // this library's class loader from a pooled thread of a servlet container (the reason gRPC's
    // Context writes null, not a shared root object, when it restores the root).
    private val reportedOnThread = ThreadLocal<Boolean>()

    /** Call sites already reported by strict mode: bounded by the number of write sites in the code. */
    private val reportedSites: MutableSet<String> = ConcurrentHashMap.newKeySet()

    private val walker: StackWalker by lazy { StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE) }

    /**
     * The jars whose frames are a layer between the application and a write, skipped to find the
     * call site: core's own, and each integration module's, registered by the module itself.
     */
    private val layerSources: MutableSet<CodeSource> = ConcurrentHashMap.newKeySet<CodeSource>().also { set ->
        sourceOf(WriteChecks::class.java)?.let(set::add)
    }

    /** Packages (prefixes) that are such a layer: the JDK's and Kotlin's, and the frameworks integrations adapt. */
    @Volatile
    private var layerPrefixes: List<String> = listOf("java.", "jdk.", "sun.", "kotlin.")

    /** What a write of a variable (by name) sets, where it is not an attribute of a namespace: registered by its owner. */
    private val attributeNouns = ConcurrentHashMap<String, String>()

    /**
     * Registers the jar [type] comes from, and [packages] (prefixes such as `"org.slf4j."`), as a
     * layer between the application and a write.
     */
    @JvmSynthetic
    fun registerLayer(type: Class<*>, packages: Array<out String>) {
        sourceOf(type)?.let(layerSources::add)
        if (packages.isEmpty()) return
        synchronized(this) { layerPrefixes = (layerPrefixes + packages).distinct() }
    }

    /** Names the attributes of the variable [variable] (its name) as [noun] in a report (`"MDC key"`). */
    @JvmSynthetic
    fun nameAttributes(variable: String, noun: String) {
        attributeNouns[variable] = noun
    }

    /**
     * The thread has just created its first cell for a write of the variable [variable] (its name):
     * the always-on check; [strict] is whether strict mode is on.
     */
    @JvmSynthetic
    fun firstCell(variable: String, attribute: String?, strict: Boolean) {
        try {
            if (isWorker(Thread.currentThread()) && reportedOnThread.get() == null) {
                reportedOnThread.set(true)
                val thread = Thread.currentThread().name
                report(
                    "${describe(variable, attribute)} in the own context of kotlinx.coroutines worker " +
                        "thread '$thread', by code that has no ContextElement. The value stays on that pooled thread " +
                        "and leaks into whatever coroutine runs there next. $FIX Reported once per thread.",
                    "Written here, on thread '$thread'",
                )
                return
            }
            if (strict) strict(variable, attribute)
        } catch (_: RuntimeException) {
            // A diagnostic must never change what the write does.
        }
    }

    /** Strict mode: reports a write of [variable] (its name) made inside a running coroutine, once per call site. */
    @JvmSynthetic
    fun strict(variable: String, attribute: String?) {
        try {
            if (!logger.isLoggable(Level.WARNING)) return
            val site = walker.walk { frames ->
                var callSite: StackWalker.StackFrame? = null
                var inKotlinx = false
                var inSuspendCode = false
                for (frame in frames) {
                    val name = frame.className
                    if (callSite == null && !isLayer(frame)) callSite = frame
                    if (name.startsWith("kotlinx.coroutines.")) inKotlinx = true
                    // Every coroutine body, lambda or function, runs inside some invokeSuspend.
                    if (frame.methodName == "invokeSuspend") inSuspendCode = true
                    if (inKotlinx && inSuspendCode && callSite != null) break
                }
                if (inKotlinx && inSuspendCode) callSite?.let(::location) ?: "an unknown place" else null
            } ?: return
            if (!reportedSites.add(site)) return
            report(
                "${describe(variable, attribute)} inside a coroutine that has no ContextElement, at $site. " +
                    "The coroutine has no context of its own: the value lands in the context of the thread it runs on, " +
                    "leaks to that thread and to the coroutines that run there, and is not there when the coroutine " +
                    "resumes on another thread. $FIX Reported once per call site (StrictMode).",
                "Written here, on thread '${Thread.currentThread().name}'",
            )
        } catch (_: RuntimeException) {
            // A diagnostic must never change what the write does.
        }
    }

    /** The name of [Class.getName] is cached by the JVM: comparing it costs a string compare, once per thread. */
    private fun isWorker(thread: Thread): Boolean {
        val type = thread.javaClass
        return type !== Thread::class.java && type.name == WORKER_CLASS
    }

    private fun isLayer(frame: StackWalker.StackFrame): Boolean {
        val name = frame.className
        if (layerPrefixes.any(name::startsWith)) return true
        return name.startsWith("io.extracontext.") && sourceOf(frame.declaringClass) in layerSources
    }

    private fun sourceOf(type: Class<*>): CodeSource? = try {
        type.protectionDomain?.codeSource
    } catch (_: SecurityException) {
        null
    }

    private fun location(frame: StackWalker.StackFrame): String = "${frame.className}.${frame.methodName}(${frame.fileName ?: "Unknown Source"}:${frame.lineNumber})"

    /** What was done, as a report names it: a variable or an attribute of a namespace written, or a scope opened. */
    private fun describe(variable: String, attribute: String?): String = when {
        attribute == null -> "ContextVar '$variable' was written"
        attribute === ENTER -> "$variable.enter() opened a scope"
        else -> attributeNouns[variable]?.let { "$it '$attribute' was written" } ?: "Attribute '$attribute' of $variable was written"
    }

    private fun report(message: String, where: String) {
        val record = LogRecord(Level.WARNING, message)
        record.loggerName = logger.name
        record.thrown = Throwable(where)
        logger.log(record)
    }
}
