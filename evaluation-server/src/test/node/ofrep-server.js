// Drives the official @openfeature/ofrep-provider (server paradigm: one OFREP request per evaluation) against the
// Evaluation Server and prints the evaluation details as one JSON object. Run by OfrepNodeProviderTest.
// Usage: ELS_URL=http://127.0.0.1:port ELS_SECRET=<env secret> node ofrep-server.js
const { OpenFeature } = require('@openfeature/server-sdk');
const { OFREPProvider } = require('@openfeature/ofrep-provider');

async function main() {
  const provider = new OFREPProvider({
    baseUrl: process.env.ELS_URL,
    headers: { Authorization: `Bearer ${process.env.ELS_SECRET}` },
  });
  await OpenFeature.setProviderAndWait(provider);
  const client = OpenFeature.getClient();
  const ctx = { targetingKey: 'bob', country: 'fr' };
  const pick = (d) => ({ value: d.value, variant: d.variant, reason: d.reason, errorCode: d.errorCode, flagMetadata: d.flagMetadata });
  const out = {
    boolTargeted: pick(await client.getBooleanDetails('bool-flag', false, { targetingKey: 'vip' })),
    boolDefault: pick(await client.getBooleanDetails('bool-flag', true, ctx)),
    string: pick(await client.getStringDetails('string-split', 'fallback', ctx)),
    numberStatic: pick(await client.getNumberDetails('number-static', -1, ctx)),
    numberRule: pick(await client.getNumberDetails('double-rule', -1, ctx)),
    object: pick(await client.getObjectDetails('json-flag', {}, ctx)),
    disabled: pick(await client.getBooleanDetails('disabled-flag', true, ctx)),
    missing: pick(await client.getBooleanDetails('no-such-flag', true, ctx)),
    wrongType: pick(await client.getStringDetails('bool-flag', 'fallback', ctx)),
  };
  await OpenFeature.close();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
