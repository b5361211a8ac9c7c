// Drives the official @featbit/node-server-sdk, unmodified, for the JUnit conformance suite.
// Environment: FB_SECRET (server secret), FB_STREAMING_URL (ws://host:port), FB_EVENTS_URL (http://host:port);
// FB_MODE=polling with FB_POLLING_URL (http://host:port) and FB_POLLING_INTERVAL (ms) polls instead of streaming.
// Users on the wire: {"keyId": "...", "name": "...", "custom": {"attr": "value"}}.
'use strict';
const { FbClientBuilder, UserBuilder } = require('@featbit/node-server-sdk');
const { serve, required, within, awaitReady, START_WAIT_MS } = require('./sdk-driver-common');

const builder = new FbClientBuilder()
  .sdkKey(required('FB_SECRET'))
  .streamingUri(required('FB_STREAMING_URL'))
  .eventsUri(required('FB_EVENTS_URL'))
  .startWaitTime(START_WAIT_MS)
  .logLevel(process.env.FB_LOG_LEVEL || 'warn');
if (process.env.FB_MODE === 'polling') {
  builder.dataSyncMode('polling').pollingUri(required('FB_POLLING_URL'))
    .pollingInterval(Number(process.env.FB_POLLING_INTERVAL || 1000));
}
const client = builder.build();

function toUser(u) {
  const b = new UserBuilder(u.keyId).name(u.name);
  for (const [k, v] of Object.entries(u.custom || {})) b.custom(k, v);
  return b.build();
}

serve({
  // Every flag the SDK holds, evaluated locally for each user; raw string values, no insight events.
  async all(cmd) {
    const results = {};
    for (const u of cmd.users) {
      const details = await client.getAllVariations(toUser(u));
      const byFlag = {};
      for (const d of details) byFlag[d.flagKey] = { value: d.value, kind: d.kind, reason: d.reason };
      results[u.keyId] = byFlag;
    }
    return { initialized: client.initialized(), results };
  },
  // Evaluations as an application makes them: these are the ones the SDK reports as insights.
  async evaluate(cmd) {
    const user = toUser(cmd.user);
    const values = {};
    for (const key of cmd.flagKeys) {
      const d = await client.stringVariationDetail(key, user, '<default>');
      values[key] = { value: d.value, kind: d.kind, reason: d.reason };
    }
    return { values };
  },
  // A custom metric event, as an application reports a conversion.
  async track(cmd) {
    client.track(toUser(cmd.user), cmd.eventName, cmd.value);
    return {};
  },
  async flush() {
    return { flushed: await within(client.flush(), 30000, 'flush') };
  },
  async close() {
    await within(client.close(), 30000, 'close');
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});

awaitReady([client]);
