#!/usr/bin/env bash
# The final benchmark run for docs/benchmarks.md §2-4: every load-generator scenario one after another, each
# started only when the machine is quiet (1-minute load average below $MAX_LOAD, default 1.5; waits up to
# $LOAD_WAIT seconds, default 240, then runs anyway and says so). Raw logs and the machine description go to
# benchmarks/results/<UTC date>/load/ (or $OUT).
#
#   benchmarks/load/run-all.sh                 # everything (about 12 minutes on 2 vCPUs)
#   ONLY="idle rate" benchmarks/load/run-all.sh
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
out="${OUT:-$root/benchmarks/results/$(date -u +%F)/load}"
mkdir -p "$out"
max_load="${MAX_LOAD:-1.5}"
load_wait="${LOAD_WAIT:-240}"
only="${ONLY:-floor idle rate rate-nomq push-server push-client push-server-3k api queues}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -o -pl benchmarks install -DskipTests || exit 1
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), model $(grep -m1 '^model' /proc/cpuinfo | cut -d: -f2 | tr -d ' '))"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "kernel: $(uname -r)"
  echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "open files: soft $(ulimit -Sn), hard $(ulimit -Hn)"
  echo "ip_local_port_range: $(cat /proc/sys/net/ipv4/ip_local_port_range)"
  echo "postgres: $(psql -h 127.0.0.1 -U postgres -Atc 'select version()' 2>/dev/null | cut -d, -f1)"
  echo "redis: $(redis-cli -h 127.0.0.1 info server 2>/dev/null | grep redis_version | tr -d '\r')"
  echo "standalone jar: $(ls -l --time-style=+%FT%T standalone/target/toggleworks-standalone.jar 2>/dev/null | awk '{print $6, $7}')"
} > "$out/environment.txt"
cat "$out/environment.txt"

wait_quiet() {
  local waited=0
  while :; do
    local l1
    l1=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$l1" -v m="$max_load" 'BEGIN { exit !(l < m) }'; then
      echo "$(date -u +%T) load $l1 < $max_load after ${waited}s: starting $1" | tee -a "$out/load-checks.txt"
      return
    fi
    if (( waited >= load_wait )); then
      echo "$(date -u +%T) load still $l1 after ${waited}s: starting $1 anyway" | tee -a "$out/load-checks.txt"
      return
    fi
    sleep 5
    waited=$((waited + 5))
  done
}

run() {
  local name=$1
  shift
  [[ " $only " == *" $name "* ]] || return 0
  wait_quiet "$name"
  echo "uptime before $name: $(uptime)" >> "$out/load-checks.txt"
  echo "command: benchmarks/load/run.sh $*" >> "$out/commands.txt"
  SKIP_BUILD=1 OUT="$out" "$here/run.sh" "$@" > "$out/$name.stdout" 2>&1
  echo "$name exit $?; uptime after: $(uptime)" | tee -a "$out/load-checks.txt"
  grep -h "RESULT" "$out/$name.stdout" | tee -a "$out/results.txt"
}

# The kernel's floor for the push scenarios: a C program writing one message to each of 10,000 loopback sockets.
floor() {
  [[ " $only " == *" floor "* ]] || return 0
  local bin="${TMPDIR:-/tmp}/loopback_floor.$$"
  gcc -O2 -pthread -o "$bin" "$here/floor/loopback_floor.c" || { echo "floor: gcc failed" | tee -a "$out/load-checks.txt"; return 0; }
  local sockets=${FLOOR_SOCKETS:-10000} rounds=${FLOOR_ROUNDS:-20} bytes=${FLOOR_BYTES:-$1}
  for variant in "1 active" "2 active" "2 asleep"; do
    wait_quiet "floor $variant"
    # shellcheck disable=SC2086
    "$bin" "$sockets" "$rounds" "$bytes" $variant 2>&1 | tee -a "$out/floor.stdout" | grep RESULT | tee -a "$out/results.txt"
  done
  rm -f "$bin"
}

if [[ "${SMALL:-0}" == 1 ]]; then
  FLOOR_SOCKETS=1000 FLOOR_ROUNDS=3 floor 1000
  # A quick check that every scenario runs end to end (numbers meaningless).
  run idle idle --connections=2000 --idle-seconds=5 --warmup=200
  run rate rate --rates=1000 --seconds=3 --warm-rate=500 --warm-seconds=2
  run rate-nomq rate --mq=None --rates=1000 --seconds=3 --warm-rate=500 --warm-seconds=2
  run push-server push --type=server --connections=1000 --pushes=3 --warm-pushes=1
  run push-client push --type=client --connections=1000 --pushes=3 --warm-pushes=1
  run api api --mq=Postgres,Redis,Kafka --writes=20 --warm-writes=5 --connections=10
  run queues queues --providers=Postgres,Redis,Kafka --messages=10000 --rt-messages=50
else
  # The size of the server-SDK patch frame of the push scenario (one fixture flag).
  floor 1000
  run idle idle --connections=19000 --idle-seconds=36 --sources=4
  run rate rate --rates=2000,5000,8000,5000 --seconds=10 --warm-rate=4000 --warm-seconds=10 --sources=4
  # As FeatBit's published run: no queue behind the server (MqProvider=None drops the end-user job messages).
  run rate-nomq rate --mq=None --rates=5000,8000 --seconds=10 --warm-rate=4000 --warm-seconds=10 --sources=4
  run push-server push --type=server --connections=10000 --pushes=20 --warm-pushes=5 --sources=4
  run push-client push --type=client --connections=10000 --pushes=20 --warm-pushes=5 --sources=4
  # Where the 50 ms p99 holds on this machine: the same push to fewer connections.
  run push-server-3k push --type=server --connections=3000 --pushes=20 --warm-pushes=5 --sources=4
  run api api --mq=Postgres,Redis,Kafka --writes=200 --warm-writes=3000 --connections=100
  run queues queues --providers=Postgres,Redis,Kafka --messages=100000 --rt-messages=500
fi
echo "done $(date -u +%T)"
