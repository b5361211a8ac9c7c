#!/usr/bin/env node
// Times FeatBit's official @featbit/node-server-sdk evaluating the shared fixtures locally, for the same four
// scenarios as the JMH benchmarks (see docs/benchmarks.md):
//
//   node bench.js [--json out.json] [--rounds N] [--round-ms MS] [--expected out.json]
//
// The SDK runs offline, bootstrapped from fixtures/flags.json (the server data-sync shape it reads), so nothing
// touches the network. Per scenario we report two numbers:
//   evaluator  the SDK's own evaluation step (Evaluator.evaluate(flagKey, context)), synchronous: the like-for-like
//              counterpart of our Evaluator.evaluate, and the number compare.sh divides by;
//   api        the public call an application makes (stringVariationDetail / getAllVariations), awaited.
// Method: for each scenario, warm-up rounds, then timed rounds of round-ms each; ns/op is the median round, and
// the best and worst rounds are kept for the spread. Users are cycled from fixtures/users.json (1,024 users).
'use strict';

const fs = require('fs');
const path = require('path');
const { FbClientBuilder } = require('@featbit/node-server-sdk');
const Context = require('@featbit/node-server-sdk/dist/cjs/Context').default;
const sdkVersion = require('@featbit/node-server-sdk/package.json').version;

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROUNDS = Number(arg('--rounds', 7));
const WARMUP_ROUNDS = Number(arg('--warmup', 5));
const ROUND_MS = Number(arg('--round-ms', 1000));
const jsonOut = arg('--json', null);
const expectedOut = arg('--expected', null);

const fixtures = path.resolve(__dirname, '..', 'src', 'main', 'resources', 'fixtures');
const flagsJson = fs.readFileSync(path.join(fixtures, 'flags.json'), 'utf8');
// FeatBit end users are {keyId, name, customizedProperties}; the Node SDK's IUser calls the key `key`.
const users = JSON.parse(fs.readFileSync(path.join(fixtures, 'users.json'), 'utf8'))
  .map((u) => ({ key: u.keyId, name: u.name, customizedProperties: u.customizedProperties }));
const MASK = users.length - 1;
if ((users.length & MASK) !== 0) throw new Error('users.json must hold a power-of-two number of users');

const client = new FbClientBuilder().offline(true).useJsonBootstrapProvider(flagsJson).logLevel('none').build();
const evaluator = client.evaluator; // the SDK's internal evaluator; it looks the flag up in its store by key

const allFlagKeys = Object.keys(client.store.all({ namespace: 'flags' }));
let sink = 0; // consumed at the end so no call can be optimised away

function evalScenario(flagKey) {
  return {
    evaluator: (i) => {
      const [result] = evaluator.evaluate(flagKey, Context.fromUser(users[i & MASK]));
      sink += result.value.length;
    },
    api: async (i) => {
      const detail = await client.stringVariationDetail(flagKey, users[i & MASK], '');
      sink += detail.value.length;
    },
  };
}

const scenarios = {
  staticFlag: evalScenario('static-flag'),
  threeRulesAndRollout: evalScenario('three-rules-flag'),
  segmentRule: evalScenario('segment-flag'),
  clientSync50Flags: {
    // getAllVariations evaluates every flag in the store (our 50) for one user; the SDK has no client payload
    // encoder, so the JSON encoding of our side has no counterpart here (see api+json below).
    // The flag keys are listed once, as ours iterates a ready array of the 50 flags.
    evaluator: (i) => {
      const context = Context.fromUser(users[i & MASK]);
      for (let f = 0; f < allFlagKeys.length; f++) {
        const [result] = evaluator.evaluate(allFlagKeys[f], context);
        sink += result.value.length;
      }
    },
    api: async (i) => {
      const all = await client.getAllVariations(users[i & MASK]);
      sink += all.length;
    },
    'api+json': async (i) => {
      const all = await client.getAllVariations(users[i & MASK]);
      sink += Buffer.from(JSON.stringify({ messageType: 'data-sync', data: { userKeyId: users[i & MASK].key, featureFlags: all } })).length;
    },
  },
};

// Runs fn in batches until ms have passed; returns ns per call.
async function timeRound(fn, isAsync, ms) {
  const deadline = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  let ops = 0;
  const start = process.hrtime.bigint();
  let now = start;
  const batch = 1000;
  while (now < deadline) {
    if (isAsync) {
      for (let b = 0; b < batch; b++) await fn(ops + b);
    } else {
      for (let b = 0; b < batch; b++) fn(ops + b);
    }
    ops += batch;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / ops;
}

async function measure(fn) {
  const isAsync = fn.constructor.name === 'AsyncFunction';
  for (let r = 0; r < WARMUP_ROUNDS; r++) await timeRound(fn, isAsync, ROUND_MS);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await timeRound(fn, isAsync, ROUND_MS));
  const sorted = [...rounds].sort((a, b) => a - b);
  return { nsPerOp: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], rounds };
}

// Writes what the SDK returns for every fixture user and flag, so a JUnit test can check that our evaluator
// agrees with FeatBit's on these fixtures (the benchmarks must compare equal work). Compact form: per user, one
// character per flag (flags sorted by key) holding the index of the served variation in the flag's variations.
function writeExpected(file) {
  const all = client.store.all({ namespace: 'flags' });
  const flags = Object.keys(all).sort();
  const expected = users.map((u) => {
    const context = Context.fromUser(u);
    let served = '';
    for (const key of flags) {
      const value = evaluator.evaluate(key, context)[0].value;
      const index = all[key].variations.findIndex((v) => v.value === value);
      if (index < 0 || index > 9) throw new Error(`${key}: unexpected value ${value}`);
      served += index;
    }
    return `${u.key} ${served}`;
  });
  fs.writeFileSync(file, JSON.stringify({ sdk: `@featbit/node-server-sdk ${sdkVersion}`, flags, expected }, null, 1) + '\n');
  console.error(`wrote expected values for ${users.length} users x ${flags.length} flags to ${file}`);
}

(async () => {
  await client.waitForInitialization();
  if (expectedOut) {
    writeExpected(expectedOut);
    if (!jsonOut && !args.includes('--bench')) return;
  }
  const results = {
    sdk: `@featbit/node-server-sdk ${sdkVersion}`,
    node: process.version,
    method: { warmupRounds: WARMUP_ROUNDS, rounds: ROUNDS, roundMs: ROUND_MS, users: users.length },
    scenarios: {},
  };
  for (const [name, variants] of Object.entries(scenarios)) {
    results.scenarios[name] = {};
    for (const [variant, fn] of Object.entries(variants)) {
      const r = await measure(fn);
      results.scenarios[name][variant] = r;
      console.error(`node ${name.padEnd(22)} ${variant.padEnd(10)} ${r.nsPerOp.toFixed(1).padStart(10)} ns/op  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`);
    }
  }
  results.sink = sink;
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
  else console.log(JSON.stringify(results, null, 2));
  await client.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
