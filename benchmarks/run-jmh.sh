#!/usr/bin/env bash
# Builds the JMH uber-jar (unless SKIP_BUILD=1) and runs it. Arguments go to JMH; with none, every benchmark runs
# with the defaults in the benchmark classes plus the GC profiler (allocation per op), results in
# benchmarks/target/results/jmh.json.
#
#   benchmarks/run-jmh.sh                          # all benchmarks, -prof gc
#   benchmarks/run-jmh.sh EvaluationBenchmark.staticFlag -prof stack
#   benchmarks/run-jmh.sh -h                       # JMH's own help
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi

mkdir -p "$here/target/results"
if [[ $# -eq 0 ]]; then
  set -- -prof gc -rf json -rff "$here/target/results/jmh.json"
fi
exec "$java" -jar "$here/target/benchmarks.jar" "$@"
