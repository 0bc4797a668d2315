// run.mjs: Lighthouse on the patient pages (mobile, the default), driving
// Debian's chromium --headless=new. A real server with a patient who has a
// program; the patient signs in once in the same browser (playwright-core,
// which also opens the debugging port Lighthouse connects to), then
// Lighthouse measures each page with storage kept. Prints each page's
// performance, accessibility and best-practices scores beside the targets.
// Usage: node bench/lighthouse/run.mjs  (after `make` and `npm ci` here)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { startServer, signIn } from '../../tests/e2e/harness.mjs';

const PORT = 9300 + Math.floor(Math.random() * 500);
const PAGES = ['/#/today', '/#/checkin', '/#/progress', '/#/lessons', '/#/lessons/flare-ups', '/#/flare', '/#/messages'];
const TARGET = { performance: 0.95, accessibility: 1, 'best-practices': 1 };

const env = await startServer();
const profile = mkdtempSync(join(tmpdir(), 'moverx-lh-'));
let failed = 0;
try {
  await env.browser.close(); // the harness's own; Lighthouse needs one with a debugging port
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless=new', `--remote-debugging-port=${PORT}`, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    baseURL: env.base,
  });
  const page = context.pages()[0] || (await context.newPage());
  await signIn(page, 'bea@riverside.test');
  await page.getByRole('heading', { level: 1, name: 'Today', exact: true }).waitFor();
  console.log(`Lighthouse ${JSON.parse(readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url))).version} on ${env.base}, mobile emulation with simulated throttling`);
  console.log(`${'page'.padEnd(22)} ${'performance'.padStart(12)} ${'accessibility'.padStart(14)} ${'best-practices'.padStart(15)}   LCP     TBT   CLS`);
  for (const path of PAGES) {
    const result = await lighthouse(`${env.base}${path}`, { port: PORT, disableStorageReset: true, onlyCategories: Object.keys(TARGET), logLevel: 'error' });
    const { categories, audits } = result.lhr;
    const score = (k) => categories[k].score;
    const row = Object.keys(TARGET).map((k) => `${score(k).toFixed(2)}${score(k) < TARGET[k] ? ' *' : '  '}`);
    if (Object.keys(TARGET).some((k) => score(k) < TARGET[k])) {
      failed += 1;
      for (const k of Object.keys(TARGET))
        for (const ref of categories[k].auditRefs)
          if (ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1) console.log(`    ${k}: ${ref.id}: ${audits[ref.id].title} (${audits[ref.id].displayValue || audits[ref.id].score})`);
    }
    console.log(`${path.padEnd(22)} ${row[0].padStart(12)} ${row[1].padStart(14)} ${row[2].padStart(15)}   ${audits['largest-contentful-paint'].displayValue.padEnd(7)} ${audits['total-blocking-time'].displayValue.padEnd(5)} ${audits['cumulative-layout-shift'].displayValue}`);
  }
  console.log(`targets: performance >= ${TARGET.performance}, accessibility and best practices = 1.00 (* marks a page below)`);
  await context.close();
} finally {
  await env.stop().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
