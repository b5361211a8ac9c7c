// Screenshots of the portal's main pages at laptop (1280×800) and phone (390×844) width, in the light and dark
// themes, for looking at layout problems (and for the README). Runs against any portal, e.g. the portal module's
// demo on the in-memory API:
//   ./mvnw -pl portal test -Dtest=PortalDemoRun -Dportal.demo=true -Dsurefire.failIfNoSpecifiedTests=false
//   PORTAL_URL=http://localhost:18081 SCREENSHOT_DIR=/tmp/shots node portal-screens.mjs
// Besides the pictures, it reports pages that are wider than the viewport (horizontal overflow) and script errors;
// the last stdout line is a JSON summary and the exit code is 1 when any were found.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const PORTAL = (process.env.PORTAL_URL || 'http://localhost:18081').replace(/\/$/, '');
const SHOTS = process.env.SCREENSHOT_DIR || '/tmp/portal-shots';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const EMAIL = process.env.FB_EMAIL || 'test@featbit.com';
const PASSWORD = process.env.FB_PASSWORD || '123456';
const FLAG = process.env.FLAG_KEY || 'new-checkout';
const ONLY = process.env.ONLY ? process.env.ONLY.split(',') : null;

const PAGES = [
  ['flag-list', '/feature-flags'],
  ['flag-targeting', `/feature-flags/${FLAG}`],
  ['flag-insights', `/feature-flags/${FLAG}/insights?period=7d`],
  ['flag-settings', `/feature-flags/${FLAG}/settings`],
  ['flag-history', `/feature-flags/${FLAG}/history`],
  ['segments', '/segments'],
  ['users', '/users'],
  ['projects', '/organization/projects'],
  ['policy-list', '/iam/policies'],
];
const VIEWPORTS = [['laptop', 1280, 800], ['phone', 390, 844]];
const THEMES = ['light', 'dark'];

const summary = { ok: true, shots: [], overflow: [], errors: [] };
mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  for (const theme of THEMES) {
    for (const [vpName, width, height] of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme });
      await context.addInitScript((t) => localStorage.setItem('tw-theme', t), theme);
      const page = await context.newPage();
      page.on('pageerror', (e) => summary.errors.push(`${page.url()}: ${e.message}`));
      await page.goto(`${PORTAL}/login`);
      await page.fill('#email', EMAIL);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.press('#password', 'Enter')]);
      for (const [name, path] of PAGES) {
        if (ONLY && !ONLY.includes(name)) continue;
        const response = await page.goto(PORTAL + path);
        if (!response || response.status() >= 400) summary.errors.push(`${path}: HTTP ${response && response.status()}`);
        await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (wide > 1) summary.overflow.push(`${vpName}/${theme} ${path}: ${wide}px too wide`);
        const file = `${name}-${vpName}-${theme}.png`;
        await page.screenshot({ path: join(SHOTS, file), animations: 'disabled' });
        summary.shots.push(file);
      }
      // A segment's page (included and excluded users, rules): the first segment of the list.
      if (!ONLY || ONLY.includes('segment')) {
        await page.goto(`${PORTAL}/segments`);
        const first = page.locator('main table a[href^="/segments/"]').first();
        if (await first.count()) {
          await first.click();
          await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (wide > 1) summary.overflow.push(`${vpName}/${theme} segment page: ${wide}px too wide`);
          await page.screenshot({ path: join(SHOTS, `segment-${vpName}-${theme}.png`), animations: 'disabled' });
          summary.shots.push(`segment-${vpName}-${theme}.png`);
        }
      }
      // The end-user picker with its suggestions open, and the phone menu.
      if (!ONLY || ONLY.includes('picker')) {
        await page.goto(`${PORTAL}/feature-flags/${FLAG}`);
        const picker = page.locator('[data-picker] [role=combobox]').first();
        await picker.scrollIntoViewIfNeeded();
        await picker.focus();
        await picker.type('u-10', { delay: 20 });
        await page.waitForSelector('[data-picker] [role=listbox]:not([hidden]) [role=option]', { timeout: 10000 }).catch(() => summary.errors.push('picker: no suggestions'));
        await picker.press('ArrowDown');
        await page.screenshot({ path: join(SHOTS, `picker-${vpName}-${theme}.png`), animations: 'disabled' });
        summary.shots.push(`picker-${vpName}-${theme}.png`);
        // Keyboard: Enter picks the highlighted user, a comma adds typed text as a key, Backspace removes the last chip.
        const chips = page.locator('[data-picker]').first().locator('.chip');
        const before = await chips.count();
        await picker.press('Enter');
        await picker.pressSequentially('typed-key,');
        const added = await chips.count();
        await picker.press('Backspace');
        const after = await chips.count();
        if (added !== before + 2 || after !== before + 1) summary.errors.push(`picker keyboard: chips ${before} -> ${added} -> ${after}`);
      }
      if (vpName === 'phone' && (!ONLY || ONLY.includes('nav'))) {
        await page.goto(`${PORTAL}/feature-flags`);
        await page.click('[data-menu-toggle]');
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(SHOTS, `nav-${vpName}-${theme}.png`), animations: 'disabled' });
        summary.shots.push(`nav-${vpName}-${theme}.png`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
summary.ok = summary.overflow.length === 0 && summary.errors.length === 0;
console.log(JSON.stringify(summary));
process.exit(summary.ok ? 0 : 1);
