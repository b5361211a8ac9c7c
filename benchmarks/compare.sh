#!/usr/bin/env bash
# One run, both sides: our evaluator under JMH, then FeatBit's official Node server SDK on the same fixtures,
# then a table of ns/op per scenario with the ratio ours/theirs. The two run one after the other (never at the
# same time) so they do not compete for the cores. Machine load is printed before and after: on a shared machine
# rerun when the load average is high.
#
#   benchmarks/compare.sh            # build, run both, print the table
#   SKIP_BUILD=1 benchmarks/compare.sh
#   QUICK=1 benchmarks/compare.sh    # shorter runs, for a smoke test (numbers are less stable)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/target/results"
mkdir -p "$out"

echo "== load before: $(uptime)"

if [[ ! -d "$here/node/node_modules/@featbit/node-server-sdk" ]]; then
  (cd "$here/node" && npm ci --no-audit --no-fund)
fi

jmh_args=(-prof gc -rf json -rff "$out/jmh.json")
node_args=(--json "$out/node.json")
if [[ "${QUICK:-0}" == 1 ]]; then
  jmh_args+=(-f 1 -wi 2 -i 3)
  node_args+=(--warmup 2 --rounds 3 --round-ms 500)
fi

echo "== ours: JMH"
"$here/run-jmh.sh" "${jmh_args[@]}" > "$out/jmh.log" 2>&1 || { tail -40 "$out/jmh.log"; exit 1; }
grep -E '^(Benchmark |[A-Za-z]+Benchmark\.)' "$out/jmh.log" || true
echo "== load between: $(uptime)"

echo "== theirs: @featbit/node-server-sdk"
node "$here/node/bench.js" "${node_args[@]}"
echo "== load after: $(uptime)"

echo
node "$here/node/compare.js" "$out/jmh.json" "$out/node.json" | tee "$out/summary.md"
