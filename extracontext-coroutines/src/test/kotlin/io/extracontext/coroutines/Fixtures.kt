package io.extracontext.coroutines

import io.extracontext.ContextLocal
import io.extracontext.ContextVar
import io.extracontext.ExtraContextSpi
import io.extracontext.spi.CurrentCell
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import java.util.concurrent.Callable
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/** A dispatcher over one named thread, so a test knows which thread runs what and can inspect it afterwards. */
class NamedThread(name: String) : AutoCloseable {
    val executor: ExecutorService = Executors.newSingleThreadExecutor { Thread(it, name) }
    val dispatcher: ExecutorCoroutineDispatcher = executor.asCoroutineDispatcher()

    /** The cell installed on this thread between tasks: `null` when nothing was left behind. */
    @OptIn(ExtraContextSpi::class)
    fun cellBetweenTasks(): Any? = executor.submit(Callable { CurrentCell.get() }).get()

    override fun close() {
        dispatcher.close()
    }
}

/** Runs [block] with [n] single-thread dispatchers, closed afterwards. */
inline fun <R> withThreads(n: Int, block: (List<NamedThread>) -> R): R {
    val threads = List(n) { NamedThread("test-thread-$it") }
    try {
        return block(threads)
    } finally {
        threads.forEach { it.close() }
    }
}

/** The cell currently installed on this thread, for identity checks in tests. */
@OptIn(ExtraContextSpi::class)
fun installedCell(): Any? = CurrentCell.get()

fun ContextLocal.value(): Any? = getAttribute("value", null)

fun ContextLocal.value(v: Any?) = setAttribute("value", v)

val requestId = ContextVar<String>("request_id")
