package io.extracontext.reliability.model

import io.kotest.property.Arb
import io.kotest.property.Shrinker
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.arbitrary.choose
import io.kotest.property.arbitrary.constant
import io.kotest.property.arbitrary.enum
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.map

/** The ways a block of a program runs: each is one propagation form of the library. */
enum class Kind(val suspending: Boolean) {
    CONTEXT_RUN(false), // copyContext().run { }
    LOCAL_RUN(false), // ctx.run { }
    OTHER_THREAD(false), // copyContext() taken here, run on a new thread
    POOL_TASK(false), // ContextPreservingExecutor.submit { }.get()
    ITERATORS(false), // two ctx.sequence { } iterators advanced in turn, one child per step
    OTEL_SCOPE(false), // OpenTelemetry Context.current().with(key, v).makeCurrent().use { }
    LAUNCH(true), // launch(Dispatchers.Unconfined) { }.join()
    ASYNC(true), // async(pool dispatcher) { }.await()
    WITH_ELEMENT(true), // withContext(ctx.element()) { }
    WITH_DISPATCHER(true), // withContext(pool dispatcher) { } (no isolation)
    FLOW(true), // ctx.flow { child; emit } collected, the collector checked at every emission
}

/** One step of a program, as generated: a flat list where [Begin]/[End] delimit blocks. */
sealed interface Op

data class SetVar(val v: Int, val value: Int) : Op

data class ResetVar(val token: Int) : Op

data class GetVar(val v: Int) : Op

data class SetAttr(val name: Int, val value: Int) : Op

data class DelAttr(val name: Int) : Op

data class GetAttr(val name: Int) : Op

data class MdcPut(val value: Int) : Op

data object MdcRemove : Op

data object Enter : Op

data class Close(val scope: Int) : Op

data object Fail : Op

data object Yield : Op

data class Begin(val kind: Kind, val value: Int) : Op

data object End : Op

/** A parsed program: leaves and blocks. */
sealed interface Node

data class Leaf(val op: Op) : Node

data class Block(val kind: Kind, val value: Int, val children: List<Node>) : Node

/** A generated program: what it runs, and how it prints (as a test case a person can read and rerun). */
class Program(val ops: List<Op>) {
    val tree: List<Node> = parse(ops)

    override fun toString(): String = buildString {
        append("\n// ").append(ops.size).append(" steps; ctx = ContextLocal(backend), v0 = ContextVar<Int>(\"v0\"), ")
        append("v1 = ContextVar(\"v1\", -1); s<i> are the scopes opened in the block\n")
        render(tree, 0, this)
    }

    private fun render(nodes: List<Node>, depth: Int, out: StringBuilder) {
        val pad = "    ".repeat(depth)
        for (node in nodes) {
            when (node) {
                is Leaf -> out.append(pad).append(line(node.op)).append('\n')
                is Block -> {
                    out.append(pad).append(header(node)).append(" {\n")
                    render(node.children, depth + 1, out)
                    out.append(pad).append("}\n")
                }
            }
        }
    }

    private fun line(op: Op): String = when (op) {
        is SetVar -> "tokens += v${op.v}.set(${op.value})"
        is ResetVar -> "tokens[${op.token} % tokens.size].let { it.variable.reset(it) }"
        is GetVar -> "v${op.v}.get()"
        is SetAttr -> "ctx.setAttribute(\"${attr(op.name)}\", ${op.value})"
        is DelAttr -> "ctx.deleteAttribute(\"${attr(op.name)}\")"
        is GetAttr -> "ctx.getAttribute(\"${attr(op.name)}\")"
        is MdcPut -> "MDC.put(\"m\", \"${op.value}\")"
        MdcRemove -> "MDC.remove(\"m\")"
        Enter -> "scopes += ctx.enter()"
        is Close -> "scopes[${op.scope} % scopes.size].close()"
        Fail -> "throw Fault() // caught where the enclosing block returns"
        Yield -> "yield()"
        is Begin, End -> error("not a leaf")
    }

    private fun header(block: Block): String = when (block.kind) {
        Kind.CONTEXT_RUN -> "copyContext().run"
        Kind.LOCAL_RUN -> "ctx.run"
        Kind.OTHER_THREAD -> "copyContext().let { c -> thread { c.run"
        Kind.POOL_TASK -> "pool.submit"
        Kind.ITERATORS -> "two ctx.sequence { } iterators, children alternating, advanced in turn"
        Kind.OTEL_SCOPE -> "otel.with(key, ${block.value}).makeCurrent().use"
        Kind.LAUNCH -> "launch(Dispatchers.Unconfined)"
        Kind.ASYNC -> "async(poolDispatcher)"
        Kind.WITH_ELEMENT -> "withContext(ctx.element())"
        Kind.WITH_DISPATCHER -> "withContext(poolDispatcher)"
        Kind.FLOW -> "ctx.flow { each child; emit(Unit) }.collect"
    } + if (block.kind.suspending) " /* in runBlocking(ContextElement()) when not in a coroutine */" else ""

    companion object {
        const val MAX_DEPTH = 4
        private val ROOT = Begin(Kind.CONTEXT_RUN, 0)

        fun attr(i: Int): String = if (i == 0) "a" else "b"

        fun parse(ops: List<Op>): List<Node> {
            val stack = ArrayList<Pair<Begin?, MutableList<Node>>>()
            stack.add(null to ArrayList())
            stack.add(ROOT to ArrayList()) // the program itself: counted as depth 1, unwrapped at the end
            for (op in ops) {
                when (op) {
                    // Deeper blocks are flattened into their parent: bounded nesting keeps the pools from starving.
                    is Begin -> stack.add((if (stack.count { it.first != null } >= MAX_DEPTH) null else op) to ArrayList())
                    End -> if (stack.size > 2) close(stack)
                    else -> stack.last().second.add(Leaf(op))
                }
            }
            while (stack.size > 1) close(stack)
            return (stack.single().second.single() as Block).children
        }

        private fun close(stack: MutableList<Pair<Begin?, MutableList<Node>>>) {
            val (begin, children) = stack.removeAt(stack.size - 1)
            if (begin == null) stack.last().second.addAll(children) else stack.last().second.add(Block(begin.kind, begin.value, children))
        }

        private val small = Arb.int(0..9)

        /** Programs of up to [steps] steps over the whole API; lists shrink by dropping steps. */
        fun arb(steps: Int): Arb<Program> {
            val op: Arb<Op> = Arb.choose(
                12 to Arb.int(0..1).map { v -> SetVar(v, v * 10 + 1) }.let { a -> a },
                4 to small.map { SetVar(it % 2, it) },
                8 to small.map { ResetVar(it) },
                4 to Arb.int(0..1).map { GetVar(it) },
                10 to small.map { SetAttr(it % 2, it) },
                3 to Arb.int(0..1).map { DelAttr(it) },
                3 to Arb.int(0..1).map { GetAttr(it) },
                3 to small.map { MdcPut(it) },
                1 to Arb.constant(MdcRemove),
                6 to Arb.constant(Enter),
                6 to small.map { Close(it) },
                2 to Arb.constant(Fail),
                3 to Arb.constant(Yield),
                12 to Arb.enum<Kind>().map { Begin(it, 7) },
                10 to Arb.constant(End),
            )
            return arbitrary(ProgramShrinker) { rs -> Program(Arb.list(op, 1..steps).sample(rs).value) }
        }
    }
}

/** Shrinks a program by dropping runs of steps: halves first, then quarters, ... down to single steps. */
object ProgramShrinker : Shrinker<Program> {
    override fun shrink(value: Program): List<Program> {
        val ops = value.ops
        val out = ArrayList<Program>()
        var size = ops.size / 2
        while (size >= 1) {
            var start = 0
            while (start < ops.size) {
                val rest = ops.subList(0, start) + ops.subList(minOf(ops.size, start + size), ops.size)
                if (rest.isNotEmpty()) out += Program(rest)
                start += size
            }
            size /= 2
        }
        return out
    }
}
