// Drives the official @featbit/js-client-sdk, unmodified, under Node.js for the JUnit conformance suite.
// The SDK is written for browsers: Node 20 has no global WebSocket nor localStorage, so this script provides them
// (the `ws` package, an in-memory Storage). fetch and crypto.subtle are built into Node 20.
// Environment: FB_SECRET (client secret), FB_STREAMING_URL, FB_EVENTS_URL, FB_USERS (JSON array of users
// {"keyId","name","custom":{}}); one SDK instance per user, as one per browser. FB_MODE=polling with
// FB_POLLING_URL and FB_POLLING_INTERVAL (ms) polls instead of streaming.
'use strict';
globalThis.WebSocket = globalThis.WebSocket || require('ws');
if (!globalThis.localStorage) {
  const data = new Map();
  globalThis.localStorage = {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
    clear: () => data.clear(),
    key: (i) => Array.from(data.keys())[i] ?? null,
    get length() { return data.size; },
  };
}
const { FbClientBuilder, UserBuilder } = require('@featbit/js-client-sdk');
const { serve, required, within, awaitReady, START_WAIT_MS } = require('./sdk-driver-common');

const users = JSON.parse(required('FB_USERS'));
const clients = new Map();
for (const u of users) {
  const b = new UserBuilder(u.keyId).name(u.name);
  for (const [k, v] of Object.entries(u.custom || {})) b.custom(k, v);
  const builder = new FbClientBuilder()
    .sdkKey(required('FB_SECRET'))
    .streamingUri(required('FB_STREAMING_URL'))
    .eventsUri(required('FB_EVENTS_URL'))
    .user(b.build())
    .startWaitTime(START_WAIT_MS)
    .logLevel(process.env.FB_LOG_LEVEL || 'warn');
  if (process.env.FB_MODE === 'polling') {
    builder.dataSyncMode('polling').pollingUri(required('FB_POLLING_URL'))
      .pollingInterval(Number(process.env.FB_POLLING_INTERVAL || 1000));
  }
  const client = builder.build();
  clients.set(u.keyId, client);
}

serve({
  // The values the ELS evaluated for each user, as the SDK holds them (no insight events).
  async all() {
    const results = {};
    for (const [keyId, client] of clients) {
      const byFlag = {};
      for (const d of await client.getAllVariations()) byFlag[d.flagKey] = { value: d.value, kind: d.kind, reason: d.reason };
      results[keyId] = byFlag;
    }
    return { results };
  },
  // Evaluations as an application makes them (reported as insights).
  async evaluate(cmd) {
    const client = clients.get(cmd.user.keyId);
    const values = {};
    for (const key of cmd.flagKeys) {
      const d = client.variationDetail(key, '<default>');
      values[key] = { value: d.value, kind: d.kind, reason: d.reason };
    }
    return { values };
  },
  // Switches one client to another user, as an application does on sign-in; the client is then known by the new key.
  async identify(cmd) {
    const client = clients.get(cmd.fromKeyId);
    const b = new UserBuilder(cmd.user.keyId).name(cmd.user.name);
    for (const [k, v] of Object.entries(cmd.user.custom || {})) b.custom(k, v);
    await within(client.identify(b.build()), 60000, 'identify');
    clients.delete(cmd.fromKeyId);
    clients.set(cmd.user.keyId, client);
    return {};
  },
  // A custom metric event, as an application reports a conversion.
  async track(cmd) {
    clients.get(cmd.user.keyId).track(cmd.eventName, cmd.value);
    return {};
  },
  async flush() {
    let all = true;
    for (const client of clients.values()) all = (await within(client.flush(), 30000, 'flush')) && all;
    return { flushed: all };
  },
  async close() {
    for (const client of clients.values()) await within(client.close(), 30000, 'close');
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});

awaitReady(Array.from(clients.values()));
