#!/usr/bin/env bash
# 100,000 idle connections on one machine whose open-file limit is 20,000 per process (docs/benchmarks.md §2):
# SHARDS Evaluation Servers, each with its own load generator, database and source addresses (127.0.<k>.1-4), hold
# TOTAL connections between them at the same time. Each shard measures its ELS's live heap only once every shard has
# connected; the sum is compared with the 2 GB budget (ELS -Xmx = 2 GB / SHARDS by default).
#
#   benchmarks/load/idle-sharded.sh                  # 100,000 connections in 6 shards
#   TOTAL=50000 SHARDS=3 benchmarks/load/idle-sharded.sh
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$root"
total="${TOTAL:-100000}"
shards="${SHARDS:-6}"
per=$(( (total + shards - 1) / shards ))
els_heap="${ELS_HEAP:-$(( 2048 / shards ))m}"
out="${OUT:-$root/benchmarks/results/$(date -u +%F)/load}/idle-sharded"
barrier="$(mktemp -d)"
mkdir -p "$out"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -o -pl benchmarks install -DskipTests || exit 1
fi
echo "$(date -u +%T) $shards shards x $per connections, ELS -Xmx$els_heap each; logs in $out"
pids=()
for k in $(seq 1 "$shards"); do
  # One shard starts once the previous one's server listens: six databases, servers and warm-ups at once would
  # only queue for the 2 vCPUs. A shard that fails tells the others (the abort file) instead of leaving them waiting.
  ( LOADGEN_HEAP="${LOADGEN_HEAP:-768m}" SKIP_BUILD=1 OUT="$out/shard-$k" "$here/run.sh" idle --connections="$per" --sources=4 \
      --source-net="127.0.$k" --barrier-dir="$barrier" --shards="$shards" --els-heap="$els_heap" --warmup=500 \
      --idle-seconds="${IDLE_SECONDS:-20}" > "$out/shard-$k.stdout" 2>&1 || { touch "$barrier/abort"; exit 1; } ) &
  pids+=($!)
  for _ in $(seq 1 300); do
    grep -q "ELS pid" "$out/shard-$k.stdout" 2>/dev/null && break
    [[ -e "$barrier/abort" ]] && break
    sleep 1
  done
done
status=0
for p in "${pids[@]}"; do
  wait "$p" || status=1
done
rm -rf "$barrier"
python3 - "$out" "$shards" "$els_heap" <<'EOF' | tee "$out/summary.txt"
import re, sys, glob
out, shards, heap = sys.argv[1], int(sys.argv[2]), sys.argv[3]
held = before = after = 0
lines = []
for f in sorted(glob.glob(f"{out}/shard-*.stdout")):
    text = open(f).read()
    m = re.search(r"RESULT idle \w+ connections held=(\d+) heap/conn=(\d+) B .*?ELS live heap ([\d,]+) -> ([\d,]+) KiB", text)
    b = re.search(r"shards connected: (\d+) of (\d+); this shard holds ([\d,]+); TCP sockets established on this machine: ([\d,]+)", text)
    if not m:
        print(f"{f}: no RESULT line"); continue
    h, per, b0, b1 = int(m[1]), int(m[2]), int(m[3].replace(",", "")), int(m[4].replace(",", ""))
    held += h; before += b0; after += b1
    lines.append(f"  {f.split('/')[-1]}: held {h:,}, {per:,} B per connection, ELS live heap {b0:,} -> {b1:,} KiB"
                 + (f"; at the barrier {b[1]} of {b[2]} shards connected, {int(b[4].replace(',', '')):,} TCP sockets established" if b else ""))
print("\n".join(lines))
if held:
    print(f"RESULT idle-sharded {shards} ELS processes (-Xmx{heap} each) held {held:,} connections at once: "
          f"live heap {after / 1024:,.0f} MiB in all ({before / 1024:,.0f} MiB before connecting), "
          f"{(after - before) * 1024 / held:,.0f} B per connection")
EOF
exit $status
