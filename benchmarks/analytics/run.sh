#!/usr/bin/env bash
# Analytics-store benchmark: ingestion rate and insight-query times of every store, one after the other, in one run
# (docs/benchmarks.md, "Analytics stores"). Builds the module (unless SKIP_BUILD=1), then runs the harness; arguments
# go to it. Needs the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust) and the Debian clickhouse-server
# package (a private server is started on free ports); MongoDB runs on the in-memory emulator.
#
#   benchmarks/analytics/run.sh                                  # 10 M events (MongoDB emulator: 200 k)
#   benchmarks/analytics/run.sh --events 1000000 --stores Postgres
#   benchmarks/analytics/run.sh --events 10000000 --ingest-budget-seconds 300 --out benchmarks/results/DATE/analytics
#
# Options: --stores ClickHouse,Postgres,MongoDb  --events N  --mongo-events N  --batch 5000  --writers 2  --seed N
#          --ingest-budget-seconds S (0: none; stop early and keep what got in)  --query-reps 5
#          --query-budget-seconds 60  --out DIR  --postgres-host H  --postgres-port P  --clickhouse-url URL
# Environment: HEAP (default 3g).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && ./mvnw -B -q -o -pl benchmarks/analytics -am install -DskipTests \
    || ./mvnw -B -q -pl benchmarks/analytics -am install -DskipTests)
fi

command_line="benchmarks/analytics/run.sh $*"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "uptime before: $(uptime)"
cd "$root"
status=0
"$java" -Xms"${HEAP:-3g}" -Xmx"${HEAP:-3g}" -XX:+UseG1GC -Dtoggleworks.git.commit="$commit" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.flywaydb=error \
  -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  io.toggleworks.benchmarks.analytics.AnalyticsBenchmark --command "$command_line" "$@" || status=$?
echo "uptime after: $(uptime)"
exit $status
