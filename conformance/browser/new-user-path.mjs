// The new user's first five minutes, in a real browser against the running platform (issue 6, item 4):
// sign in, onboard if asked, create a boolean flag, add a rule with a condition and a 50/50 percentage rollout,
// save, turn the flag on; meanwhile an unmodified @featbit/node-server-sdk, connected to the Evaluation Server with
// the environment's server secret read from the portal, must see every change. Screenshots of the main pages go to
// SCREENSHOT_DIR. The last line on stdout is a JSON summary; the exit code is 0 only when every check passed.
//
// Environment:
//   PORTAL_URL       http://localhost:8081   the portal
//   ELS_URL          http://localhost:5100   the Evaluation Server (ws:// for streaming is derived)
//   SCREENSHOT_DIR   ../../docs/screenshots  where PNGs go ("" for none)
//   CHROMIUM         /usr/bin/chromium
//   FB_EMAIL / FB_PASSWORD                   test@featbit.com / 123456
//   TIMEOUT_MS       90000                   how long any single condition may take (the machine is shared)
import { chromium } from 'playwright-core';
import { FbClientBuilder, UserBuilder } from '@featbit/node-server-sdk';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PORTAL = (process.env.PORTAL_URL || 'http://localhost:8081').replace(/\/$/, '');
const ELS = (process.env.ELS_URL || 'http://localhost:5100').replace(/\/$/, '');
const SHOTS = process.env.SCREENSHOT_DIR ?? resolve(here, '../../docs/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const EMAIL = process.env.FB_EMAIL || 'test@featbit.com';
const PASSWORD = process.env.FB_PASSWORD || '123456';
const TIMEOUT = Number(process.env.TIMEOUT_MS || 90000);
// Findings that do not break the new-user path (a wrong snippet, a stale notice) are reported in "problems";
// STRICT=1 makes them fail the run too.
const STRICT = process.env.STRICT === '1';

const summary = { ok: false, steps: [], screenshots: [], checks: {}, timingsMs: {}, problems: [] };
const t0 = Date.now();
let browser;
let sdk;

function log(msg) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

async function step(name, fn) {
  const started = Date.now();
  log(`> ${name}`);
  try {
    const result = await fn();
    summary.steps.push({ name, ms: Date.now() - started });
    return result;
  } catch (e) {
    summary.steps.push({ name, ms: Date.now() - started, error: String(e && e.message || e).split('\n')[0] });
    throw e;
  }
}

/** Polls until check() returns a truthy value; throws with the last observation after TIMEOUT. */
async function eventually(what, check, timeout = TIMEOUT) {
  const started = Date.now();
  let last;
  while (Date.now() - started < timeout) {
    last = await check();
    if (last && last.ok !== false) return { value: last, ms: Date.now() - started };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

async function shot(page, name, options = {}) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // Let fonts and htmx settle so the picture shows the finished page.
  await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled' });
  summary.screenshots.push(`${name}.png`);
  log(`  screenshot ${name}.png`);
}

/** Clicks something that makes htmx post to urlPart, and waits for the swapped response. */
async function htmxPost(page, urlPart, action) {
  const response = page.waitForResponse(
    (r) => r.url().includes(urlPart) && r.request().method() === 'POST', { timeout: TIMEOUT });
  await action();
  const r = await response;
  if (r.status() >= 400) throw new Error(`POST ${r.url()} answered ${r.status()}`);
  // htmx swaps after the response arrives.
  await htmxQuiet(page);
  return r;
}

/** Waits until htmx has no request, swap or settle in progress. */
async function htmxQuiet(page) {
  await page.waitForTimeout(500);
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling'), null, { timeout: TIMEOUT });
}

function user(key, country) {
  const b = new UserBuilder(key).name(`User ${key}`);
  if (country) b.custom('country', country);
  return b.build();
}

async function main() {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.setDefaultNavigationTimeout(TIMEOUT);

  // Anything broken on the way is a finding: server errors and script errors are collected and fail the run.
  const serverErrors = [];
  const scriptErrors = [];
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  page.on('pageerror', (e) => scriptErrors.push(String(e.message || e)));
  page.on('console', (m) => { if (m.type() === 'error') scriptErrors.push(`console: ${m.text()}`); });

  // 1. Sign in.
  await step('sign in', async () => {
    await page.goto(`${PORTAL}/login`);
    await page.getByLabel('Email').waitFor();
    await shot(page, 'login');
    await page.getByLabel('Email').fill(EMAIL);
    await page.locator('#password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: TIMEOUT }),
      page.locator('#password').press('Enter'), // keyboard: Enter in the form signs in
    ]);
    log(`  signed in, now at ${new URL(page.url()).pathname}`);
  });

  // 2. Onboarding, when the organization is new.
  await step('onboarding (if asked)', async () => {
    if (!new URL(page.url()).pathname.startsWith('/onboarding')) {
      summary.checks.onboarding = 'not needed';
      return;
    }
    await page.locator('#organizationName').fill('Acme Robotics');
    await page.locator('#organizationKey').fill('acme-robotics');
    await shot(page, 'onboarding');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#projectName').waitFor();
    await page.locator('#projectName').fill('Web shop');
    await page.locator('#projectKey').fill('web-shop');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'You are all set' }).waitFor();
    summary.checks.onboarding = 'done';
  });

  // 3. The server secret of the current environment, from the quick start page.
  const serverKey = await step('read the server secret', async () => {
    await page.goto(`${PORTAL}/get-started`);
    const key = (await page.locator('.field', { hasText: 'Server key' }).locator('code').first().innerText()).trim();
    if (!key || key.length < 20) throw new Error(`no server key on /get-started: "${key}"`);
    summary.checks.environment = (await page.locator('#env-switch option:checked').innerText().catch(() => '')).trim();
    return key;
  });

  // 4. Connect the official server SDK before the flag exists.
  await step('connect @featbit/node-server-sdk', async () => {
    sdk = new FbClientBuilder()
      .sdkKey(serverKey)
      .streamingUri(ELS.replace(/^http/, 'ws'))
      .eventsUri(ELS)
      .logLevel(process.env.FB_LOG_LEVEL || 'warn')
      .build();
    const started = Date.now();
    await Promise.race([
      sdk.waitForInitialization(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('SDK did not initialize')), TIMEOUT)),
    ]);
    summary.timingsMs.sdkInitialization = Date.now() - started;
  });

  // 5. Create a boolean flag (off) and a couple of neighbours so the list looks lived-in.
  const flagKey = await step('create a boolean flag', async () => {
    await page.goto(`${PORTAL}/feature-flags`);
    let key = process.env.FLAG_KEY || 'new-checkout';
    const exists = await page.request.get(`${PORTAL}/feature-flags/${key}`, { maxRedirects: 0 }).then((r) => r.status() === 200);
    if (exists) key = `${key}-${Date.now().toString(36)}`;
    await createFlag(page, 'New checkout', key, { tags: 'checkout, web', description: 'The one-page checkout.' });
    await page.waitForURL((u) => u.pathname === `/feature-flags/${key}`);
    await page.getByRole('heading', { name: 'New checkout' }).waitFor();
    return key;
  });
  summary.flagKey = flagKey;

  const plain = user('visitor-1');
  await step('SDK sees the new flag (off: serves false)', async () => {
    const { value, ms } = await eventually('the flag to reach the SDK', async () => {
      const d = await sdk.boolVariationDetail(flagKey, plain, true);
      return { ok: d.kind !== 'FlagNotFound' && d.value === false, kind: d.kind, value: d.value, reason: d.reason };
    });
    summary.checks.afterCreate = value;
    summary.timingsMs.createToSdk = ms;
  });

  // 6. A rule with a condition and a 50/50 percentage rollout.
  await step('add a rule with a condition and a 50/50 rollout', async () => {
    const url = `/feature-flags/${flagKey}/targeting`;
    await htmxPost(page, url, () => page.getByRole('button', { name: '+ Add rule' }).click());
    await page.locator('#rule-0-name').fill('Dutch customers');
    await page.locator('#r0c0-prop').fill('country');
    // The property field may re-render the editor on change (a segment property switches the condition's form):
    // let any such request finish before typing on, or the swap would undo what follows.
    await page.locator('#r0c0-prop').press('Tab');
    await htmxQuiet(page);
    await page.locator('#r0c0-op').selectOption('IsOneOf');
    await page.locator('#r0c0-val').fill('NL, BE');
    await htmxPost(page, url, () => page.locator('#rule-0-serve').selectOption('rollout'));
    const pct = page.locator('.rule').first().locator('.rollout input[type=number]');
    await pct.first().waitFor();
    const n = await pct.count();
    if (n !== 2) throw new Error(`expected 2 rollout inputs for a boolean flag, found ${n}`);
    await pct.nth(0).fill('50');
    await pct.nth(1).fill('50');
    await page.locator('#comment').fill('Roll the new checkout out to half of our Dutch and Belgian customers');
    await htmxPost(page, url, () => page.getByRole('button', { name: 'Save targeting' }).click());
    await page.getByText('Targeting saved.').waitFor();
    // What was saved is what the page shows now.
    const saved = {
      ruleName: await page.locator('#rule-0-name').inputValue(),
      property: await page.locator('#r0c0-prop').inputValue(),
      op: await page.locator('#r0c0-op').inputValue(),
      value: await page.locator('#r0c0-val').inputValue(),
      serve: await page.locator('#rule-0-serve').inputValue(),
      percentages: await page.locator('.rule').first().locator('.rollout input[type=number]').evaluateAll((els) => els.map((e) => e.value)),
    };
    summary.checks.savedRule = saved;
    if (saved.serve !== 'rollout' || saved.property !== 'country' || saved.op !== 'IsOneOf') {
      throw new Error(`the saved rule reads back differently: ${JSON.stringify(saved)}`);
    }
    if (saved.percentages.map(Number).join('/') !== '50/50') throw new Error(`percentages read back as ${saved.percentages}`);
  });

  // 7. Turn it on.
  const toggledAt = await step('turn the flag on', async () => {
    const sw = page.locator('.page-head button.switch[role=switch]');
    if ((await sw.getAttribute('aria-checked')) !== 'false') throw new Error('the flag should still be off');
    const at = Date.now();
    await htmxPost(page, `/feature-flags/${flagKey}/toggle`, () => sw.click());
    await page.locator('.page-head button.switch[role=switch][aria-checked=true]').waitFor();
    // The switch is swapped in place; the notice above the editor should follow it.
    if (await page.getByText('The flag is off').count()) {
      summary.problems.push('after turning the flag on from its detail page, the "The flag is off" notice stays until the page is reloaded');
    }
    return at;
  });

  // 8. The SDK sees the flag on: the default rule serves true, and the rule splits Dutch users about evenly.
  await step('SDK sees the flag on, the rule and the 50/50 split', async () => {
    const { value, ms } = await eventually('the flag to be on in the SDK', async () => {
      const d = await sdk.boolVariationDetail(flagKey, plain, false);
      return { ok: d.value === true && d.kind !== 'Off', kind: d.kind, value: d.value, reason: d.reason };
    });
    summary.timingsMs.toggleToSdk = Date.now() - toggledAt;
    summary.checks.afterOn = value;
    let trueCount = 0;
    const reasons = new Set();
    const N = 400;
    for (let i = 0; i < N; i++) {
      const d = await sdk.boolVariationDetail(flagKey, user(`customer-${i}`, i % 2 ? 'NL' : 'BE'), false);
      if (d.value === true) trueCount++;
      reasons.add(d.kind);
    }
    const share = trueCount / N;
    summary.checks.rollout = { users: N, servedTrue: trueCount, share, kinds: [...reasons] };
    // 400 hashed keys: a fair 50/50 split lands well inside 35–65 %; an all-or-nothing rule lands outside.
    if (share < 0.35 || share > 0.65) throw new Error(`the 50/50 rollout served true to ${(share * 100).toFixed(1)} % of rule users`);
    const other = await sdk.boolVariationDetail(flagKey, user('visitor-2', 'FR'), false);
    summary.checks.nonMatching = { value: other.value, kind: other.kind };
    if (other.value !== true) throw new Error(`a user outside the rule should get the default rule (true), got ${JSON.stringify(other)}`);
    log(`  SDK saw the toggle ${ms} ms after polling began; rollout share ${(share * 100).toFixed(1)} %`);
  });

  // A forged request (the session cookie but not the page's CSRF token) must change nothing.
  await step('a toggle without the CSRF token is refused', async () => {
    const r = await page.request.post(`${PORTAL}/feature-flags/${flagKey}/toggle`, { form: { on: 'false' }, maxRedirects: 0 });
    summary.checks.csrfWithoutToken = r.status();
    if (r.status() !== 403) throw new Error(`a toggle without the CSRF token answered ${r.status()}, not 403`);
  });

  // 9. The rest of the main pages, for the screenshots (and to catch server errors on them).
  await step('screenshots of the main pages', async () => {
    // A fresh load: the page as a user finds it once the flag is on.
    await page.goto(`${PORTAL}/feature-flags/${flagKey}`);
    await page.locator('#rule-0-name').waitFor();
    const staleOffNotice = await page.getByText('The flag is off').count();
    if (staleOffNotice) summary.problems.push('the targeting page says the flag is off after it was turned on');
    await shot(page, 'flag-detail');
    await page.locator('#rules-h').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -24));
    await shot(page, 'flag-targeting');
    // The whole editor in one picture: a window as tall as the page (a stitched full-page shot would smear the
    // sticky save bar over the rules).
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 800), 2400) });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'flag-targeting-full');
    await page.setViewportSize({ width: 1280, height: 800 });
    // The end-user picker of individual targeting searches the environment's end users (the SDK's users arrive
    // there through the end-user job); what was typed can always be used as a key.
    const picker = page.locator('[data-picker] [role=combobox]').first();
    await picker.click();
    await picker.pressSequentially('visitor', { delay: 30 });
    const listbox = page.locator('[data-picker] [role=listbox]').first();
    await listbox.locator('[role=option][data-key^="visitor"]').first().waitFor({ state: 'visible', timeout: 15000 })
      .catch(() => summary.problems.push('the end-user picker does not suggest the SDK\'s user "visitor-1"'));
    summary.checks.pickerOptions = await listbox.locator('[role=option]').evaluateAll((els) => els.map((e) => e.dataset.key));
    await shot(page, 'user-picker');
    await picker.press('Escape');
    // A chart of the SDK's evaluations once they have gone SDK -> Evaluation Server -> queue -> events -> analytics
    // (the SDK sends its insights in batches); "No insight data yet" until then. Reloads for up to 30 s.
    const insightsStarted = Date.now();
    for (;;) {
      await page.goto(`${PORTAL}/feature-flags/${flagKey}/insights`);
      await page.locator('main h1').waitFor();
      summary.checks.insights = (await page.locator('svg.chart').count()) ? 'chart'
        : (await page.getByText('No insight data yet').count()) ? 'no data yet' : 'neither chart nor empty state';
      if (summary.checks.insights !== 'no data yet' || Date.now() - insightsStarted > 30000) break;
      await page.waitForTimeout(2000);
    }
    summary.timingsMs.insightsVisible = Date.now() - insightsStarted;
    if (summary.checks.insights === 'chart') {
      summary.checks.insightsChart = await page.locator('svg.chart').getAttribute('aria-label');
      summary.checks.insightsUsers = await page.locator('#insight-users tbody tr').count();
    }
    if (summary.checks.insights.startsWith('neither')) summary.problems.push('the Insights tab shows neither a chart nor its empty state');
    await shot(page, 'flag-insights');
    await page.goto(`${PORTAL}/feature-flags/${flagKey}/history`);
    await page.locator('main h1').waitFor();
    await shot(page, 'flag-history');
    await page.goto(`${PORTAL}/feature-flags/${flagKey}/sdk`);
    await shot(page, 'flag-sdk');
    summary.checks.nodeSnippet = await runNodeSnippet(page, flagKey);

    await page.goto(`${PORTAL}/feature-flags`);
    for (const [name, key, opts] of [
      ['Search v2', 'search-v2', { tags: 'search', enabled: true }],
      ['Dark mode', 'dark-mode', { tags: 'web, ui' }],
    ]) {
      const there = await page.request.get(`${PORTAL}/feature-flags/${key}`, { maxRedirects: 0 }).then((r) => r.status() === 200);
      if (!there) {
        await createFlag(page, name, key, opts);
        await page.waitForURL((u) => u.pathname === `/feature-flags/${key}`);
        await page.goto(`${PORTAL}/feature-flags`);
      }
    }
    await page.goto(`${PORTAL}/feature-flags`);
    await page.getByRole('link', { name: 'New checkout' }).first().waitFor();
    await shot(page, 'flag-list');

    await page.goto(`${PORTAL}/segments`);
    if (await page.getByText('No segments yet').count()) {
      await page.getByRole('button', { name: '+ New segment' }).click();
      await page.locator('#cs-name').fill('Beta testers');
      await page.locator('#cs-key').fill('beta-testers');
      await page.locator('#cs-desc').fill('People who asked for early access');
      await page.getByRole('button', { name: 'Create segment' }).click();
      await page.waitForURL((u) => u.pathname !== '/segments');
      await page.goto(`${PORTAL}/segments`);
    }
    await shot(page, 'segments');

    await page.goto(`${PORTAL}/organization/projects`);
    await page.locator('main h1').waitFor();
    await shot(page, 'environments');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'environments-phone');
    const overflow3 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow3 > 2) summary.problems.push(`projects page at 390 px is ${overflow3} px wider than the screen`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${PORTAL}/get-started`);
    await shot(page, 'get-started');
    await page.goto(`${PORTAL}/audit-logs`);
    await shot(page, 'audit-log');

    // Dark theme through the topbar switch, as a user would pick it.
    await page.goto(`${PORTAL}/feature-flags/${flagKey}`);
    await page.locator('[data-theme-toggle]').click();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    summary.checks.darkTheme = theme;
    if (theme !== 'dark') throw new Error(`the theme switch set "${theme}"`);
    await shot(page, 'flag-targeting-dark');
    await page.goto(`${PORTAL}/feature-flags/${flagKey}/insights`);
    await shot(page, 'flag-insights-dark');
    await page.locator('[data-theme-toggle]').click();

    // Phone width: the flag list must not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${PORTAL}/feature-flags`);
    await shot(page, 'flag-list-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    summary.checks.phoneHorizontalOverflowPx = overflow;
    if (overflow > 2) summary.problems.push(`flag list at 390 px is ${overflow} px wider than the screen`);
    // The menu button opens the navigation on a phone.
    const menu = page.locator('[data-menu-toggle]');
    if (await menu.isVisible()) {
      await menu.click();
      await page.locator('#sidenav a[href="/segments"]').waitFor({ state: 'visible', timeout: 15000 })
        .catch(() => summary.problems.push('at 390 px the menu button does not show the navigation'));
      summary.checks.phoneMenuExpanded = await menu.getAttribute('aria-expanded');
      await shot(page, 'nav-phone');
    } else {
      summary.problems.push('at 390 px there is no visible menu button');
    }
    await page.goto(`${PORTAL}/feature-flags/${flagKey}`);
    await shot(page, 'flag-targeting-phone');
    // The flag's tabs fit a phone, the last one included.
    const tabsFit = await page.locator('nav.tabs').evaluate((n) => n.scrollWidth <= n.clientWidth + 1);
    summary.checks.phoneFlagTabsFit = tabsFit;
    if (!tabsFit) summary.problems.push('the flag tabs at 390 px scroll sideways');
    const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    summary.checks.phoneTargetingOverflowPx = overflow2;
    if (overflow2 > 2) summary.problems.push(`targeting page at 390 px is ${overflow2} px wider than the screen`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  summary.checks.serverErrors = serverErrors;
  summary.checks.scriptErrors = scriptErrors;
  if (serverErrors.length) throw new Error(`the portal answered with server errors: ${serverErrors.join('; ')}`);
  if (scriptErrors.length) throw new Error(`the pages raised script errors: ${scriptErrors.join('; ')}`);
  for (const p of summary.problems) console.error(`PROBLEM: ${p}`);
  if (STRICT && summary.problems.length) throw new Error(`${summary.problems.length} problem(s) found (STRICT=1)`);
}

/**
 * Runs the flag's Node.js snippet exactly as the SDK tab shows it (a user would paste it), plus a line that closes
 * the client; it must print the flag's current value for its sample user (no rule matches it: the default rule, true).
 */
async function runNodeSnippet(page, flagKey) {
  const card = page.locator('section.card', { has: page.getByRole('heading', { name: /Node\.js/ }) });
  const code = (await card.locator('pre.code').last().innerText()).trim();
  mkdirSync(resolve(here, 'target'), { recursive: true });
  const file = resolve(here, 'target', `snippet-node-${process.pid}.mjs`);
  writeFileSync(file, `${code}\nawait client.close();\nprocess.exit(0);\n`);
  const result = await new Promise((done) => {
    const child = spawn(process.execPath, [file], { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT);
    child.on('exit', (codeOrNull) => { clearTimeout(timer); done({ exit: codeOrNull, output: out.trim().slice(-1500) }); });
  });
  rmSync(file, { force: true }); // it holds the environment's secret
  const expected = `${flagKey} = true`;
  const ok = result.exit === 0 && result.output.includes(expected);
  if (!ok) {
    summary.problems.push(`the Node.js snippet on /feature-flags/${flagKey}/sdk does not run: exit ${result.exit}, ` +
      `output: ${result.output.split('\n').slice(0, 6).join(' | ')}`);
  }
  log(`  Node.js snippet: ${ok ? 'printed ' + expected : 'FAILED (' + result.output.split('\n')[0] + ')'}`);
  return { ok, ...result };
}

/** Opens the create dialog on the flag list, fills it and submits. */
async function createFlag(page, name, key, { tags = '', description = '', enabled = false } = {}) {
  await page.getByRole('button', { name: '+ New flag' }).click();
  const dialog = page.locator('dialog#create-flag');
  await dialog.locator('#cf-name').waitFor({ state: 'visible' });
  await dialog.locator('#cf-name').fill(name);
  await dialog.locator('#cf-key').fill(key);
  if (description) await dialog.locator('#cf-description').fill(description);
  if (tags) await dialog.locator('#cf-tags').fill(tags);
  if ((await dialog.locator('#cf-type').inputValue()) !== 'boolean') throw new Error('a new flag should default to boolean');
  if (enabled) await dialog.locator('#cf-enabled').check();
  await dialog.getByRole('button', { name: 'Create flag' }).click();
}

let exitCode = 1;
try {
  await main();
  summary.ok = true;
  exitCode = 0;
} catch (e) {
  summary.error = String(e && e.stack || e);
  console.error(summary.error);
  try {
    const pages = browser ? browser.contexts().flatMap((c) => c.pages()) : [];
    if (pages.length && SHOTS) {
      mkdirSync(resolve(here, 'target'), { recursive: true });
      await pages[0].screenshot({ path: resolve(here, 'target', 'failure.png'), fullPage: true });
      summary.failureScreenshot = 'conformance/browser/target/failure.png';
      summary.failureUrl = pages[0].url();
      summary.failureHtmlExcerpt = (await pages[0].content()).slice(0, 4000);
    }
  } catch { /* best effort */ }
} finally {
  summary.totalMs = Date.now() - t0;
  if (sdk) await Promise.race([sdk.close(), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
  if (browser) await browser.close().catch(() => {});
  console.log(JSON.stringify(summary));
  process.exit(exitCode);
}
