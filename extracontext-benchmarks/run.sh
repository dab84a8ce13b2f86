#!/usr/bin/env bash
# Builds the benchmark jar and runs every benchmark (or those matching the JMH args given), with
# the allocation profiler and JSON output, then writes the markdown report next to the JSON.
#
#   extracontext-benchmarks/run.sh               # quick mode: 1 fork, 2 × 1 s warmup, 3 × 1 s measured
#   extracontext-benchmarks/run.sh full          # 2 forks, 5 × 1 s warmup, 5 × 1 s measured
#   extracontext-benchmarks/run.sh quick Read    # any further args go to JMH (a regexp selects benchmarks)
#
# JAVA_HOME picks the JDK for both the build and the run. Results land in
# extracontext-benchmarks/target/results/<mode>-<time>.{json,log,md}.
set -euo pipefail

mode=${1:-quick}
[[ $# -gt 0 ]] && shift
case "$mode" in
  quick) timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
  full)  timing=(-f 2 -wi 5 -w 1s -i 5 -r 1s) ;;
  *) echo "usage: $0 [quick|full] [JMH args...]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

# package, never install: nothing of this project goes into the local repository.
(cd "$root" && mvn -B -q -pl extracontext-benchmarks -am package -DskipTests)

results="$here/target/results"
mkdir -p "$results"
base="$results/$mode-$(date +%Y%m%d-%H%M%S)"
command=("$java" -jar "$here/target/benchmarks.jar" "${timing[@]}" -prof gc -rf json -rff "$base.json" "$@")
"${command[@]}" | tee "$base.log"

{
  echo "Command: \`${command[*]}\` (mode $mode)"
  echo
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2 " GiB"}') of memory, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  python3 "$here/report.py" "$base.json"
} > "$base.md"
echo "Report: $base.md"
