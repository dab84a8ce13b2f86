package io.extracontext.benchmarks

/**
 * A bounded A/B load run beside `KtorCallBenchmark`, for a machine shared with other work: both
 * servers (bare and with `ExtraContext`) run at once, and rounds alternate between them (200
 * sequential calls each, the order swapped every round), so that a change in the machine's load
 * hits both alike. Prints the median time per call of each and the median of the per-round ratios.
 *
 * ```
 * java -cp extracontext-benchmarks/target/benchmarks.jar io.extracontext.benchmarks.KtorCallABKt [rounds] [callsPerRound]
 * ```
 */
fun main(args: Array<String>) {
    val rounds = args.getOrNull(0)?.toInt() ?: 30
    val perRound = args.getOrNull(1)?.toInt() ?: 200
    KtorCalls(withPlugin = false).use { bare ->
        KtorCalls(withPlugin = true).use { plugin ->
            fun timed(calls: KtorCalls): Double {
                val start = System.nanoTime()
                repeat(perRound) { check(calls.call() == "r-1") }
                return (System.nanoTime() - start) / 1_000.0 / perRound
            }
            repeat(5) { timed(bare); timed(plugin) } // warm-up
            val bareTimes = ArrayList<Double>()
            val pluginTimes = ArrayList<Double>()
            val ratios = ArrayList<Double>()
            for (round in 0 until rounds) {
                val (b, p) = if (round % 2 == 0) timed(bare) to timed(plugin) else timed(plugin).let { p -> timed(bare) to p }
                bareTimes += b
                pluginTimes += p
                ratios += p / b
            }
            fun median(xs: List<Double>) = xs.sorted().let { (it[(it.size - 1) / 2] + it[it.size / 2]) / 2 }
            println("rounds=$rounds callsPerRound=$perRound java=${System.getProperty("java.version")}")
            println("bare   median us/call: %.1f".format(median(bareTimes)))
            println("plugin median us/call: %.1f".format(median(pluginTimes)))
            println("median ratio plugin/bare: %.3f (min %.3f, max %.3f)".format(median(ratios), ratios.min(), ratios.max()))
        }
    }
}
