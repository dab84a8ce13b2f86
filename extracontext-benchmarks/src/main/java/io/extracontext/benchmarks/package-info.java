/**
 * JMH benchmarks of extracontext beside a baseline measured in the same run.
 *
 * <p>Naming, which {@code report.py} relies on: a benchmark method is {@code op_subject}; the ops
 * are unique across classes, and in each op the method whose subject ends in {@code Baseline} is
 * what the others are divided by (matching on the {@code @Param}s they share). A peer library is
 * therefore one more class whose methods reuse an op name, e.g. {@code get_openTelemetry}.
 */
package io.extracontext.benchmarks;
