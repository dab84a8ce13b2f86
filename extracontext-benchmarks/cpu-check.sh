#!/usr/bin/env bash
# ThreadCpuCheck over a matrix of subjects and sizes, one JVM per measurement, repeated;
# prints the minimum over the repeats of each subject's minimum (ns of thread CPU time per op).
#
#   extracontext-benchmarks/cpu-check.sh                      # the read rows at sizes 1, 16, 1024, twice
#   REPEATS=3 extracontext-benchmarks/cpu-check.sh "contextVarSettled openTelemetry" "1 16"
#
# JAVA_HOME picks the JDK. Build first: mvn -B -q -pl extracontext-benchmarks -am package -DskipTests
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar="$here/target/benchmarks.jar"
subjects=${1:-"threadLocal contextVarSettled contextVarFresh contextVarAlternating rotate3 noContext openTelemetry openTelemetryLast grpc attrBaseline attrGet attrGetBuilt setReset setResetOpenTelemetry"}
sizes=${2:-"1 16 1024"}
out=$(mktemp)
for _ in $(seq "${REPEATS:-2}"); do for size in $sizes; do for s in $subjects; do
  "$java" -XX:+UnlockExperimentalVMOptions '-XX:CompileCommand=quiet' \
    '-XX:CompileCommand=blackhole,io.extracontext.benchmarks.ThreadCpuCheck$BH::consume' \
    -cp "$jar" io.extracontext.benchmarks.ThreadCpuCheck "$s" "$size" 11 2>/dev/null >> "$out"
done; done; done
python3 - "$out" <<'PY'
import sys, collections
best = collections.OrderedDict()
for line in open(sys.argv[1]):
    p = line.split()
    key = (p[0], int(p[1]))
    best[key] = min(best.get(key, float("inf")), float(p[3]))
for (subject, size), v in sorted(best.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    print(f"{subject:24s} {size:5d} {v:8.2f} ns/op (thread CPU, min)")
PY
rm -f "$out"
