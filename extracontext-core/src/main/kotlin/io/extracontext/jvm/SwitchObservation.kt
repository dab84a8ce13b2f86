package io.extracontext.jvm

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.SwitchPoint

/**
 * Whether anything observes the switches of the current context: `false` until the first observer
 * is registered, then `true` for good. Until then the answer is a constant the JIT folds into the
 * switch paths (a [SwitchPoint], whose invalidation deoptimises the code that folded it), so a
 * switch pays nothing for a hook only an integration uses (the OpenTelemetry Java agent's bridge);
 * a volatile read there cost a wrapped task about 10%.
 */
internal object SwitchObservation {
    private val noObserverYet = SwitchPoint()

    private val answer: MethodHandle = noObserverYet.guardWithTest(
        MethodHandles.constant(Boolean::class.javaPrimitiveType, false),
        MethodHandles.constant(Boolean::class.javaPrimitiveType, true),
    )

    /** Whether an observer was ever registered. */
    @JvmSynthetic
    fun enabled(): Boolean = answer.invokeExact() as Boolean

    /** Makes [enabled] answer `true` from now on, on every thread. */
    @JvmSynthetic
    fun enable() {
        if (!noObserverYet.hasBeenInvalidated()) SwitchPoint.invalidateAll(arrayOf(noObserverYet))
    }
}
