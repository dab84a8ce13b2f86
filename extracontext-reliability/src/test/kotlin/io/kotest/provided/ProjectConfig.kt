package io.kotest.provided

import io.extracontext.test.kotest.ContextLeakListener
import io.kotest.core.config.AbstractProjectConfig
import io.kotest.core.extensions.Extension

/** Applies to every spec of this module: kotest 6 loads project config from exactly this name. */
object ProjectConfig : AbstractProjectConfig() {
    override val extensions: List<Extension> = listOf(ContextLeakListener())
}
