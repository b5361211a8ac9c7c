#!/usr/bin/env node
// Writes the shared benchmark fixtures (flags, segments, users) that both the JMH benchmarks and bench.js read.
// Deterministic: the same seed always gives byte-identical files, so the committed fixtures can be regenerated.
//
//   node generate-fixtures.js [outputDir]   (default: ../src/main/resources/fixtures)
//
// The fixtures avoid every case where FeatBit's Node SDK and its Evaluation Server disagree
// (evaluation-server.md §5.9): no archived flags, no missing attributes, integer numbers only, no regex,
// no rollout gaps, valid disabled variations. So both evaluators must return the same variation values.
'use strict';

const fs = require('fs');
const path = require('path');

const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'src', 'main', 'resources', 'fixtures'));

// mulberry32: a tiny seeded PRNG, good enough for fixture variety.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261127);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

// Deterministic GUIDs: 32 hex digits from the PRNG, laid out 8-4-4-4-12.
function guid() {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ENV_ID = 'b2a3c7d0-5f1e-4c8a-9d3b-6e7f8a9b0c1d';
const CREATOR = 'f0e1d2c3-b4a5-4687-9a8b-7c6d5e4f3a2b';
let clock = Date.parse('2026-11-20T08:00:00.000Z');
const nextTime = () => new Date((clock += 61_003)).toISOString();

// ---- users -----------------------------------------------------------------------------------------------
const USER_COUNT = 1024;
const COUNTRIES = ['us', 'fr', 'de', 'nl', 'cn', 'jp', 'gb', 'es', 'br', 'in'];
const PLANS = ['free', 'free', 'free', 'pro', 'pro', 'enterprise'];
const PLATFORMS = ['ios', 'android', 'web', 'web'];
const DOMAINS = ['example.com', 'toggleworks.io', 'mail.test', 'corp.example'];

const users = [];
for (let i = 0; i < USER_COUNT; i++) {
  const keyId = `user-${String(i).padStart(5, '0')}-${Math.floor(rnd() * 1e9).toString(36)}`;
  users.push({
    keyId,
    name: `User ${i}`,
    customizedProperties: [
      { name: 'country', value: pick(COUNTRIES) },
      { name: 'plan', value: pick(PLANS) },
      { name: 'platform', value: pick(PLATFORMS) },
      { name: 'sessions', value: String(Math.floor(rnd() * 400)) },
      { name: 'email', value: `u${i}@${pick(DOMAINS)}` },
      { name: 'appVersion', value: pick(['3.1.0', '3.2.0', '3.2.1', '4.0.0-beta']) },
    ],
  });
}

// ---- flag building helpers -------------------------------------------------------------------------------
function variationsOf(type, values) {
  return values.map((value, i) => ({ id: guid(), name: `${type}-${i}`, value }));
}
function rollout(id, lo, hi) {
  return { id, rollout: [lo, hi], exptRollout: 1 };
}
function cond(property, op, value) {
  return { id: guid(), property, op, value };
}
function segmentCond(segmentIds) {
  return { id: guid(), property: 'User is in segment', op: null, value: JSON.stringify(segmentIds) };
}
function rule(name, conditions, variations, dispatchKey = null) {
  return { id: guid(), name, dispatchKey, includedInExpt: true, conditions, variations };
}
function flag(key, variationType, variations, { targetUsers = [], rules = [], fallthrough, isEnabled = true, disabledVariationId } = {}) {
  const createdAt = nextTime();
  return {
    id: guid(),
    envId: ENV_ID,
    revision: guid(),
    name: key,
    description: `benchmark fixture ${key}`,
    key,
    variationType,
    variations,
    targetUsers,
    rules,
    isEnabled,
    disabledVariationId: disabledVariationId || variations[variations.length - 1].id,
    fallthrough: { dispatchKey: null, includedInExpt: true, variations: [], ...fallthrough },
    exptIncludeAllTargets: true,
    tags: ['benchmark'],
    isArchived: false,
    createdAt,
    updatedAt: nextTime(),
    creatorId: CREATOR,
    updatorId: CREATOR,
  };
}
const bool = () => variationsOf('bool', ['true', 'false']);

// ---- segments --------------------------------------------------------------------------------------------
const betaSegment = {
  id: guid(),
  envId: ENV_ID,
  name: 'Beta testers',
  key: 'beta-testers',
  description: 'included/excluded lists plus a rule',
  included: users.filter((_, i) => i % 16 === 3).map((u) => u.keyId),  // 64 users
  excluded: users.filter((_, i) => i % 32 === 7).map((u) => u.keyId),  // 32 users
  rules: [{
    id: guid(),
    name: 'enterprise on the web',
    conditions: [cond('plan', 'Equal', 'enterprise'), cond('platform', 'IsOneOf', JSON.stringify(['web', 'android']))],
  }],
  tags: [],
  isArchived: false,
  createdAt: nextTime(),
  updatedAt: nextTime(),
};
const staffSegment = {
  id: guid(),
  envId: ENV_ID,
  name: 'Staff',
  key: 'staff',
  description: 'staff e-mail domain',
  included: [],
  excluded: [],
  rules: [{ id: guid(), name: 'staff domain', conditions: [cond('email', 'EndsWith', '@toggleworks.io')] }],
  tags: [],
  isArchived: false,
  createdAt: nextTime(),
  updatedAt: nextTime(),
};

// ---- the three scenario flags ------------------------------------------------------------------------------
const flags = [];
{
  const v = bool();
  flags.push(flag('static-flag', 'boolean', v, { fallthrough: { variations: [rollout(v[0].id, 0, 1)] } }));
}
{
  const v = variationsOf('string', ['control', 'treatment-a', 'treatment-b']);
  flags.push(flag('three-rules-flag', 'string', v, {
    rules: [
      rule('EU enterprise', [
        cond('country', 'IsOneOf', JSON.stringify(['fr', 'de', 'nl', 'es'])),
        cond('plan', 'Equal', 'enterprise'),
      ], [rollout(v[1].id, 0, 1)]),
      rule('heavy mobile users', [
        cond('sessions', 'BiggerThan', '300'),
        cond('platform', 'NotEqual', 'web'),
      ], [rollout(v[2].id, 0, 1)]),
      rule('new app version', [
        cond('appVersion', 'StartsWith', '4.'),
        cond('email', 'Contains', 'example'),
      ], [rollout(v[1].id, 0, 0.5), rollout(v[2].id, 0.5, 1)]),
    ],
    fallthrough: { variations: [rollout(v[0].id, 0, 0.3), rollout(v[1].id, 0.3, 1)] },
  }));
}
{
  const v = bool();
  flags.push(flag('segment-flag', 'boolean', v, {
    rules: [rule('beta testers', [segmentCond([betaSegment.id])], [rollout(v[0].id, 0, 1)])],
    fallthrough: { variations: [rollout(v[1].id, 0, 1)] },
  }));
}

// ---- 47 more flags, a mix a real environment has, for the 50-flag client data-sync ---------------------------
for (let i = 0; i < 47; i++) {
  const key = `app-flag-${String(i).padStart(2, '0')}`;
  const kind = i % 10;
  if (kind <= 3) {                                  // 20 static on/off flags, a few with individual targets
    const v = bool();
    const targetUsers = i % 3 === 0 ? [{ keyIds: [users[i].keyId, users[i + 100].keyId, users[i + 200].keyId], variationId: v[1].id }] : [];
    flags.push(flag(key, 'boolean', v, { targetUsers, fallthrough: { variations: [rollout(v[i % 2].id, 0, 1)] } }));
  } else if (kind <= 5) {                           // 10 percentage rollouts
    const v = bool();
    const cut = [0.1, 0.25, 0.5, 0.75, 0.9][i % 5];
    flags.push(flag(key, 'boolean', v, { fallthrough: { variations: [rollout(v[0].id, 0, cut), rollout(v[1].id, cut, 1)] } }));
  } else if (kind <= 7) {                           // 9 string flags with one or two rules
    const v = variationsOf('string', ['blue', 'green', 'red']);
    const rules = [rule(`country ${i}`, [cond('country', 'IsOneOf', JSON.stringify([pick(COUNTRIES), pick(COUNTRIES), pick(COUNTRIES)]))], [rollout(v[1].id, 0, 1)])];
    if (i % 2 === 0) rules.push(rule(`staff ${i}`, [segmentCond([staffSegment.id])], [rollout(v[2].id, 0, 1)]));
    flags.push(flag(key, 'string', v, { rules, fallthrough: { variations: [rollout(v[0].id, 0, 1)] } }));
  } else if (kind === 8) {                          // 4 disabled flags
    const v = bool();
    flags.push(flag(key, 'boolean', v, { isEnabled: false, disabledVariationId: v[1].id, fallthrough: { variations: [rollout(v[0].id, 0, 1)] } }));
  } else {                                          // 2 json and 2 number flags
    if (i % 20 === 9) {
      const v = variationsOf('json', [
        JSON.stringify({ theme: 'dark', columns: 3, banner: { text: 'Welcome back', color: '#123456' } }),
        JSON.stringify({ theme: 'light', columns: 2, banner: { text: 'Hello', color: '#abcdef' } }),
      ]);
      flags.push(flag(key, 'json', v, { fallthrough: { variations: [rollout(v[0].id, 0, 0.5), rollout(v[1].id, 0.5, 1)] } }));
    } else {
      const v = variationsOf('number', ['10', '25', '100']);
      flags.push(flag(key, 'number', v, {
        rules: [rule(`plan limits ${i}`, [cond('plan', 'IsOneOf', JSON.stringify(['pro', 'enterprise'])), cond('sessions', 'BiggerEqualThan', '50')], [rollout(v[2].id, 0, 1)])],
        fallthrough: { variations: [rollout(v[0].id, 0, 1)] },
      }));
    }
  }
}
if (flags.length !== 50) throw new Error(`expected 50 flags, got ${flags.length}`);

// The server data-sync message shape (evaluation-server.md §3.4): what FeatBit's server SDKs receive and what
// the Node SDK's JSON bootstrap reads (json.data.featureFlags / json.data.segments).
const dataSet = {
  messageType: 'data-sync',
  data: { eventType: 'full', featureFlags: flags, segments: [betaSegment, staffSegment] },
};

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'flags.json'), JSON.stringify(dataSet, null, 1) + '\n');
fs.writeFileSync(path.join(outDir, 'users.json'), JSON.stringify(users, null, 1) + '\n');
console.log(`wrote ${flags.length} flags, 2 segments, ${users.length} users to ${outDir}`);
