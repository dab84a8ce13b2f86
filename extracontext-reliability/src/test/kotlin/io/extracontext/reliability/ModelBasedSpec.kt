package io.extracontext.reliability

import io.extracontext.Backend
import io.extracontext.reliability.model.Env
import io.extracontext.reliability.model.Program
import io.extracontext.reliability.model.Runner
import io.kotest.core.spec.style.FunSpec
import io.kotest.property.PropTestConfig
import io.kotest.property.checkAll

/**
 * Random programs over the whole API (variables, tokens, namespace attributes, scopes closed in and
 * out of order, copyContext().run, other threads, pool tasks, interleaved isolated iterators,
 * coroutines with launch/async/withContext and dispatcher hops, isolated flows, MDC, OpenTelemetry
 * scopes), each run against the reference model and checked after every step. A failure is shrunk to
 * the shortest program that still fails and printed as a readable test case.
 *
 * Size: [programs] programs of up to [STEPS] steps per backend; `-Dextracontext.reliability.scale=100`
 * runs 100 times as many.
 */
class ModelBasedSpec : FunSpec({

    val env = Env()
    afterSpec { env.close() }

    for (backend in Backend.entries) {
        test("$programs random programs of up to $STEPS steps behave as the model says on the $backend backend") {
            val before = Runner.checks.get()
            checkAll(PropTestConfig(iterations = programs), Program.arb(STEPS)) { program ->
                Runner(backend, env).run(program)
            }
            println("model-based ($backend): $programs programs, ${Runner.checks.get() - before} checks, 0 wrong")
        }
    }
}) {
    companion object {
        const val STEPS = 50
        val scale: Int = System.getProperty("extracontext.reliability.scale")?.toIntOrNull() ?: 1
        val programs: Int = 500 * scale
    }
}
