// run.mjs: Lighthouse on the patient pages (mobile, the default), driving
// Debian's chromium with --headless=new and no other headless switch. A real
// server (the tests' harness, so MOVERX_BIN applies) and one browser profile,
// opened by playwright-core, which also opens the debugging port Lighthouse
// connects to. In order: the sign-in page signed out (the profile is fresh),
// the intake wizard of a patient with no program yet (alex), then the pages
// of a patient with a program (bea), storage kept between runs. Prints the
// browser's command line (from chrome://version), then each page's
// performance, accessibility and best-practices scores beside the targets,
// and for a page below a target the audits that cost it.
// Usage: node bench/lighthouse/run.mjs  (after `make` and `npm ci` here)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { heading, signIn, startServer } from '../../tests/e2e/harness.mjs';

const PORT = 9300 + Math.floor(Math.random() * 500);
const PATIENT_PAGES = ['/#/today', '/#/session', '/#/checkin', '/#/progress', '/#/lessons', '/#/lessons/flare-ups', '/#/flare', '/#/messages', '/#/checkup', '/#/data'];
const TARGET = { performance: 0.95, accessibility: 1, 'best-practices': 1 };

const env = await startServer();
const profile = mkdtempSync(join(tmpdir(), 'moverx-lh-'));
let failed = 0;
try {
  await env.browser.close(); // the harness's own; Lighthouse needs one with a debugging port
  // headless: false keeps playwright-core from adding its own `--headless`
  // (and the switches it adds with it); `--headless=new` in args is then the
  // only headless switch. viewport: null leaves the emulation to Lighthouse.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false,
    viewport: null,
    args: ['--headless=new', `--remote-debugging-port=${PORT}`, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    baseURL: env.base,
  });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto('chrome://version');
  const commandLine = (await page.locator('#command_line').textContent()).trim();
  const headless = commandLine.split(/\s+/).filter((a) => a.startsWith('--headless'));
  console.log(`browser: ${commandLine}`);
  console.log(`headless switches: ${headless.join(' ')}`);
  if (headless.join(' ') !== '--headless=new') throw new Error(`the browser must run with --headless=new alone, not ${headless.join(' ') || 'none'}`);
  await page.goto('about:blank');

  console.log(`Lighthouse ${JSON.parse(readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url))).version} on ${env.base}, mobile emulation with simulated throttling`);
  console.log(`${'page'.padEnd(34)} ${'performance'.padStart(12)} ${'accessibility'.padStart(14)} ${'best-practices'.padStart(15)}   LCP     TBT   CLS`);
  const measure = async (path, label = path) => {
    let result = await lighthouse(`${env.base}${path}`, { port: PORT, disableStorageReset: true, onlyCategories: Object.keys(TARGET), logLevel: 'error' });
    // Chromium sometimes loses the trace (NO_NAVSTART) and nothing is scored:
    // measure that page once more, and say so
    if (result.lhr.runtimeError) {
      console.log(`    ${label}: ${result.lhr.runtimeError.code}, measured again`);
      result = await lighthouse(`${env.base}${path}`, { port: PORT, disableStorageReset: true, onlyCategories: Object.keys(TARGET), logLevel: 'error' });
    }
    const { categories, audits, finalDisplayedUrl, runtimeError } = result.lhr;
    if (!finalDisplayedUrl.endsWith(path)) throw new Error(`${label}: Lighthouse ended on ${finalDisplayedUrl}`);
    const score = (k) => categories[k].score; // null when Lighthouse could not score it
    const below = (k) => score(k) === null || score(k) < TARGET[k];
    const row = Object.keys(TARGET).map((k) => `${score(k) === null ? '?' : score(k).toFixed(2)}${below(k) ? ' *' : '  '}`);
    const shown = (id) => audits[id].displayValue || (audits[id].errorMessage ? 'error' : '–');
    console.log(`${label.padEnd(34)} ${row[0].padStart(12)} ${row[1].padStart(14)} ${row[2].padStart(15)}   ${shown('largest-contentful-paint').padEnd(7)} ${shown('total-blocking-time').padEnd(5)} ${shown('cumulative-layout-shift')}`);
    if (Object.keys(TARGET).some(below)) {
      failed += 1;
      if (runtimeError) console.log(`    Lighthouse: ${runtimeError.code}: ${runtimeError.message}`);
      for (const k of Object.keys(TARGET))
        for (const ref of categories[k].auditRefs) {
          const a = audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`    ${k}: ${ref.id}: ${a.title} (${a.displayValue || a.score})`);
          else if (ref.weight > 0 && a.errorMessage) console.log(`    ${k}: ${ref.id}: ${a.title}: ${a.errorMessage}`);
        }
    }
  };

  // Signed out, in the fresh profile.
  await measure('/#/signin', '/#/signin (signed out)');
  // A patient with no program yet gets the intake wizard.
  await signIn(page, 'alex@riverside.test');
  await heading(page, 'Getting started');
  await measure('/#/intake', '/#/intake (no program yet)');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'Sign in');
  // A patient with a program.
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  for (const path of PATIENT_PAGES) await measure(path);
  console.log(`targets: performance >= ${TARGET.performance}, accessibility and best practices = 1.00 (* marks a page below)`);
  await context.close();
} finally {
  await env.stop().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
