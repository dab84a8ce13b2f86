package io.kotest.provided

import io.extracontext.test.kotest.ContextLeakListener
import io.kotest.core.config.AbstractProjectConfig
import io.kotest.core.extensions.Extension

/** Every spec of this module runs under the kit's own listener, the fixtures included. */
object ProjectConfig : AbstractProjectConfig() {
    override val extensions: List<Extension> = listOf(ContextLeakListener())
}
