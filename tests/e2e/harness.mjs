// harness.mjs: what every browser test needs: a real `moverx serve` on an
// ephemeral port with a temporary store and a clinic made through the
// command line, Debian's chromium driven by playwright-core, axe-core run in
// the page, every console error and page error collected, and screenshots at
// phone and desktop widths.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const BIN = process.env.MOVERX_BIN || join(ROOT, 'build', 'moverx');
const SHOTS = process.env.MOVERX_SCREENSHOTS || join(ROOT, 'build', 'screenshots');
const WEB = process.env.MOVERX_WEB_ROOT || join(ROOT, 'web'); // the app served
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const PASSWORD = 'correct horse battery';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export function cli(db, ...args) {
  return execFileSync(BIN, ['--data', join(ROOT, 'data'), ...args, '--db', db, '--json'], { encoding: 'utf8', input: `${PASSWORD}\n` });
}

const idOf = (out) => JSON.parse(out).id;

// A clinic: an admin, a clinician, and patients with accounts on the
// clinician's care team: A (no program yet), B and C (with programs).
export function makeClinic(db) {
  cli(db, 'init');
  const org = idOf(cli(db, 'org', 'add', '--name', 'Riverside Physio'));
  const user = (role, email, patient) => idOf(cli(db, 'user', 'add', '--org', org, '--role', role, '--email', email, '--password-stdin', ...(patient ? ['--patient', patient] : [])));
  const clinic = { org, admin: user('admin', 'admin@riverside.test'), clinician: user('clinician', 'kim@riverside.test') };
  clinic.patientA = idOf(cli(db, 'patient', 'add', '--name', 'Alex Able', '--birth-year', '1979', '--org', org));
  clinic.patientB = idOf(cli(db, 'patient', 'add', '--name', 'Bea Bright', '--birth-year', '1984', '--org', org));
  clinic.patientC = idOf(cli(db, 'patient', 'add', '--name', 'Cal Calm', '--birth-year', '1990', '--org', org));
  user('patient', 'alex@riverside.test', clinic.patientA);
  user('patient', 'bea@riverside.test', clinic.patientB);
  user('patient', 'cal@riverside.test', clinic.patientC);
  for (const p of [clinic.patientA, clinic.patientB, clinic.patientC]) cli(db, 'care', 'add', '--patient', p, '--clinician', clinic.clinician);
  cli(db, 'intake', clinic.patientB, join(ROOT, 'examples', 'intake.json'));
  cli(db, 'intake', clinic.patientC, join(ROOT, 'examples', 'intake.json'));
  return clinic;
}

// The server and browser of one test file: started before its first test,
// every page checked and closed after each test, stopped after the last.
// `use` receives the environment once it is up.
export function serverForFile(use, prepare = makeClinic) {
  let env;
  before(async () => {
    env = await startServer(prepare);
    use(env);
  });
  afterEach(async () => {
    await env?.closePages();
  });
  after(async () => {
    await env?.stop();
  });
}

export async function startServer(prepare = makeClinic) {
  const dir = mkdtempSync(join(tmpdir(), 'moverx-e2e-'));
  const db = join(dir, 'moverx.db');
  const clinic = prepare(db);
  const proc = spawn(BIN, ['--data', join(ROOT, 'data'), 'serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--web-root', WEB], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // the daily review off unless a test asks: histories made through the command line are
    // dated in the past, and reviewing through yesterday would decide those days first;
    // the reminders off unless a test asks (tests/e2e/notify.test.mjs)
    env: { MOVERX_SERVER_REVIEW_EVERY_MINUTES: '0', MOVERX_REMINDERS_EVERY_SECONDS: '0', ...process.env, MOVERX_LOGIN_ARGON2_MEMORY_KIB: '8192', MOVERX_LOGIN_ARGON2_PASSES: '1' },
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`moverx serve did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    proc.on('exit', (code) => reject(new Error(`moverx serve exited ${code}: ${stderr}`)));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const pages = [];
  return {
    base,
    db,
    clinic,
    browser,
    pages,
    cli: (...args) => JSON.parse(cli(db, ...args)),
    // After each test: every page opened since has had no console error and
    // no page error; their contexts are closed.
    async closePages() {
      const open = pages.splice(0);
      const problems = open.flatMap(({ page }) => page.problems);
      await Promise.all(open.map(({ context }) => context.close().catch(() => {})));
      assert.deepEqual(problems, [], 'console errors or page errors');
    },
    async stop() {
      await browser.close();
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      if (proc.exitCode !== 0) throw new Error(`moverx serve exited ${proc.exitCode}: ${stderr}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A browser context at a width, with every console error and failed page
// error collected: assertNoProblems checks a page now, and env.closePages()
// (each test file's afterEach) checks every page the test opened.
export async function openPage(env, size = PHONE, options = {}) {
  const context = await env.browser.newContext({ viewport: size, baseURL: env.base, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror at ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // a refusal (4xx) or no network is part of what the tests do; a 5xx is not
    const expected = /Failed to load resource: (the server responded with a status of 4\d\d|net::ERR_)/.test(m.text());
    if (m.type() === 'error' && !expected) page.problems.push(`console error at ${page.url()}: ${m.text()}`);
  });
  env.pages.push({ context, page });
  return { context, page };
}

export function assertNoProblems(...pages) {
  assert.deepEqual(pages.flatMap((p) => p.problems), [], 'console errors or page errors');
}

// The page's one h1, once it is there.
export const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 15000 });

// A radio choice by its group's legend and its label.
export async function pick(page, legend, value) {
  await page.getByRole('group', { name: legend }).getByText(value, { exact: true }).click();
}

export async function signIn(page, email) {
  await page.goto('/#/signin');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// axe-core in the page (WCAG 2.1 A and AA and best practices); fails on any
// serious or critical violation.
export async function assertAccessible(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] }),
  );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length)
    throw new Error(`${label}: axe found ${bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
  return result.violations.length;
}

// One screenshot at the page's width: NAME-phone.png or NAME-desktop.png.
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const { width } = page.viewportSize();
  await page.screenshot({ path: join(SHOTS, `${name}-${width <= PHONE.width ? 'phone' : 'desktop'}.png`), fullPage: true });
}

// A main screen at both widths, NAME-phone.png and NAME-desktop.png; the page
// is left at the width it had.
export async function screenshots(page, name) {
  const size = page.viewportSize();
  for (const s of [PHONE, DESKTOP]) {
    await page.setViewportSize(s);
    await screenshot(page, name);
  }
  await page.setViewportSize(size);
}

// The API as a signed-in user, from the test (not the browser).
export async function apiAs(env, email) {
  const res = await fetch(`${env.base}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(`${env.base}/api/v1${path}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: r.status === 204 ? null : await r.json() };
  };
}
