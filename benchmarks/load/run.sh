#!/usr/bin/env bash
# Runs one load-generator scenario (docs/benchmarks.md §2-4) from the repository root. The servers under test are
# started by the load generator as separate JVMs and stopped when it ends.
#
#   benchmarks/load/run.sh idle   --connections=19000          # idle connections held, heap per connection
#   benchmarks/load/run.sh rate   --rates=2000,5000 --seconds=10 # new connections/s with a client data-sync each
#   benchmarks/load/run.sh push   --connections=10000 --type=server
#   benchmarks/load/run.sh api    --mq=Postgres,Redis --writes=200
#   benchmarks/load/run.sh queues --providers=Postgres,Redis,Kafka
#
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; OUT=dir puts the logs elsewhere
# (default benchmarks/target/results/load). Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust); api and
# queues also Redis at 127.0.0.1:6379; api needs standalone/target/toggleworks-standalone.jar.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -o -pl benchmarks install -DskipTests
fi
out="${OUT:-$root/benchmarks/target/results/load}"
mkdir -p "$out"
echo "uptime before: $(uptime)"
echo "open files limit: soft $(ulimit -Sn), hard $(ulimit -Hn)"
status=0
"$JAVA_HOME/bin/java" -Xmx${LOADGEN_HEAP:-2g} -XX:+UseG1GC ${LOADGEN_JVM:-} -cp benchmarks/target/benchmarks.jar \
  io.toggleworks.benchmarks.load.LoadGenerator "$@" --out="$out" || status=$?
echo "uptime after: $(uptime)"
exit $status
