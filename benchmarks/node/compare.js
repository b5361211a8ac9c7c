#!/usr/bin/env node
// Prints, per scenario, our ns/op (JMH), FeatBit Node SDK's ns/op (bench.js) and the ratio ours/theirs.
//
//   node compare.js <jmh-result.json> <node-result.json>
//
// Output is a Markdown table (pasteable into docs/benchmarks.md).
'use strict';

const fs = require('fs');

const [jmhFile, nodeFile] = process.argv.slice(2);
if (!jmhFile || !nodeFile) {
  console.error('usage: node compare.js <jmh-result.json> <node-result.json>');
  process.exit(2);
}
const jmh = JSON.parse(fs.readFileSync(jmhFile, 'utf8'));
const node = JSON.parse(fs.readFileSync(nodeFile, 'utf8'));

// scenario -> target from the issue (ns/op), and a one-line description
const SCENARIOS = {
  staticFlag: { target: 50, what: 'static flag (on, no targets/rules, fallthrough 100%)' },
  threeRulesAndRollout: { target: 300, what: '3 rules (IsOneOf, Equal, BiggerThan, NotEqual, StartsWith, Contains) + 30/70 rollout' },
  segmentRule: { target: null, what: 'rule "User is in segment" (included/excluded lists + segment rule)' },
  clientSync50Flags: { target: 25000, what: 'client data-sync: 50 flags for one user + JSON message to bytes' },
};

const ours = {};
for (const r of jmh) {
  const name = r.benchmark.split('.').pop();
  const alloc = r.secondaryMetrics && r.secondaryMetrics['gc.alloc.rate.norm'];
  ours[name] = {
    score: r.primaryMetric.score,
    error: r.primaryMetric.scoreError,
    unit: r.primaryMetric.scoreUnit,
    allocBytes: alloc ? alloc.score : null,
  };
}

const fmt = (ns) => (ns == null ? 'n/a' : ns >= 10000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(1)} ns`);
// score ± error in the score's unit
const fmtErr = (o) => (o.score >= 10000 ? `${(o.score / 1000).toFixed(1)} ± ${(o.error / 1000).toFixed(1)} µs` : `${o.score.toFixed(1)} ± ${o.error.toFixed(1)} ns`);
const rows = [];
rows.push('| Scenario | Ours (JMH, ns/op ± 99.9% CI) | Ours alloc B/op | Target | FeatBit Node SDK evaluator | FeatBit Node SDK public API | Ours / theirs (evaluator) | Ours / theirs (API) |');
rows.push('|---|---|---|---|---|---|---|---|');
for (const [name, meta] of Object.entries(SCENARIOS)) {
  const o = ours[name];
  const t = node.scenarios[name] || {};
  const ev = t.evaluator ? t.evaluator.nsPerOp : null;
  const apiVariant = name === 'clientSync50Flags' ? 'api+json' : 'api';
  const api = t[apiVariant] ? t[apiVariant].nsPerOp : null;
  if (o && o.unit !== 'ns/op') throw new Error(`${name}: JMH unit ${o.unit}, expected ns/op`);
  const ratio = (x) => (o && x ? (o.score / x).toFixed(4) : 'n/a');
  const met = o && meta.target ? (o.score < meta.target ? ' ✔' : ' ✘') : '';
  rows.push([
    `${name}: ${meta.what}`,
    o ? fmtErr(o) : 'not run',
    o && o.allocBytes != null ? o.allocBytes.toFixed(1) : 'n/a',
    meta.target ? `< ${fmt(meta.target)}${met}` : '—',
    fmt(ev),
    `${fmt(api)}${name === 'clientSync50Flags' ? ' (getAllVariations + JSON.stringify)' : ''}`,
    ratio(ev),
    ratio(api),
  ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'));
}
console.log(rows.join('\n'));
const extra = Object.keys(ours).filter((n) => !SCENARIOS[n]);
if (extra.length) {
  console.log();
  console.log('| Ours, other benchmarks | ns/op ± 99.9% CI | alloc B/op |');
  console.log('|---|---|---|');
  for (const n of extra) {
    const o = ours[n];
    console.log(`| ${n} | ${fmtErr(o)} | ${o.allocBytes != null ? o.allocBytes.toFixed(1) : 'n/a'} |`);
  }
}
console.log();
console.log(`Theirs: ${node.sdk} on Node ${node.node}; median of ${node.method.rounds} rounds of ${node.method.roundMs} ms after ${node.method.warmupRounds} warm-up rounds, ${node.method.users} users cycled.`);
if (node.scenarios.clientSync50Flags && node.scenarios.clientSync50Flags.api) {
  console.log(`Node getAllVariations alone (no JSON): ${fmt(node.scenarios.clientSync50Flags.api.nsPerOp)}.`);
}
