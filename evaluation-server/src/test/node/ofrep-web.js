// Drives the official @openfeature/ofrep-web-provider (static-context paradigm: one bulk OFREP request per context,
// then evaluations from its cache) against the Evaluation Server and prints the details as one JSON object.
// Usage: ELS_URL=http://127.0.0.1:port ELS_SECRET=<client secret> node ofrep-web.js
const { OpenFeature } = require('@openfeature/web-sdk');
const { OFREPWebProvider } = require('@openfeature/ofrep-web-provider');

async function main() {
  const provider = new OFREPWebProvider({
    baseUrl: process.env.ELS_URL,
    // the raw secret, as FeatBit SDKs send it; tuples, since 0.4.3's cache key cannot spread a header map
    headers: [['Authorization', process.env.ELS_SECRET]],
    disableVisibilityRefresh: true,
  });
  await OpenFeature.setContext({ targetingKey: 'vip', country: 'fr' });
  await OpenFeature.setProviderAndWait(provider);
  const client = OpenFeature.getClient();
  const pick = (d) => ({ value: d.value, variant: d.variant, reason: d.reason, errorCode: d.errorCode });
  const out = {
    bool: pick(client.getBooleanDetails('bool-flag', false)),
    numberRule: pick(client.getNumberDetails('double-rule', -1)),
    object: pick(client.getObjectDetails('json-flag', {})),
    missing: pick(client.getBooleanDetails('no-such-flag', true)),
  };
  // A new context: the provider fetches again (a new ETag) and serves the new values.
  await OpenFeature.setContext({ targetingKey: 'bob', country: 'de' });
  out.afterContextChange = {
    bool: pick(client.getBooleanDetails('bool-flag', true)),
    numberRule: pick(client.getNumberDetails('double-rule', -1)),
  };
  await OpenFeature.close();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
