// week.test.mjs: the weekly review in the web app. Eve is three weeks into
// her program; last week she used heat on three days and still did every
// session. On Monday her Today screen says so, in the words that tie
// feel-better to get-better; her progress shows this week so far beside last
// week, with her streak of whole weeks. The browser's clock is set to the
// latest Monday, so the test means the same on any day it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, DESKTOP, PHONE, ROOT, assertAccessible, cli, heading, makeClinic, openPage, screenshots, signIn, serverForFile } from './harness.mjs';

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86400000;
const now = Date.now();
// the latest Monday, today included
const MONDAY = iso(now - ((new Date(now).getUTCDay() + 6) % 7) * DAY);
const before = (n) => iso(Date.parse(`${MONDAY}T12:00:00Z`) - n * DAY);

function clinicWithEve(db) {
  const clinic = makeClinic(db);
  clinic.patientE = JSON.parse(cli(db, 'patient', 'add', '--name', 'Eve Even', '--birth-year', '1970', '--org', clinic.org)).id;
  cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', 'eve@riverside.test', '--password-stdin', '--patient', clinic.patientE);
  cli(db, 'care', 'add', '--patient', clinic.patientE, '--clinician', clinic.clinician);
  cli(db, 'intake', clinic.patientE, join(ROOT, 'examples', 'intake.json'), '--date', before(21));
  // and the demo clinic beside it, whose weeks of history bring the engine's plan changes
  execFileSync(BIN, ['--data', join(ROOT, 'data'), 'demo', '--db', db, '--patients', '2', '--weeks', '8']);
  for (let d = 21; d >= 1; d--) {
    // pain 6 two weeks ago, 4 last week; heat on the first three days of last week
    const heat = d <= 7 && d >= 5 ? ['--feel-better', 'heat'] : [];
    if (d <= 14) cli(db, 'checkin', clinic.patientE, '--date', before(d), '--pain', d > 7 ? '6' : '4', '--walk-minutes', '15', ...heat, '--get-better', 'walking');
    cli(db, 'log', clinic.patientE, '--date', before(d), '--pain-during', '3');
  }
  return clinic;
}

let env;
serverForFile((e) => (env = e), clinicWithEve);

test('on Monday, last week in review; on progress, this week beside last week', async () => {
  const { page } = await openPage(env, PHONE);
  await page.clock.setFixedTime(new Date(`${MONDAY}T09:00:00`));
  await signIn(page, 'eve@riverside.test');
  await heading(page, 'Today');
  const review = page.locator('section.week', { hasText: 'Your week in review' });
  await review.waitFor();
  assert.match(await review.locator('.week-summary').textContent(), /^You used heat on 3 days and still did 7 sessions\. That is feel-better helping get-better\. You also walked for 105 minutes\.$/);
  assert.match(await review.textContent(), /Your pain was lower than the week before: 4 out of 10 on average, down from 6\./);
  assert.match(await review.textContent(), /You have had 3 weeks in a row with all your planned sessions\./);
  assert.match(await review.textContent(), /Feel-better things: Heat \(3 days\)/);
  await assertAccessible(page, 'today with the weekly review');

  await review.getByRole('link', { name: 'See your progress' }).click();
  await heading(page, 'Your progress');
  const thisWeek = page.locator('section.week', { hasText: 'This week so far' });
  const lastWeek = page.locator('section.week', { hasText: 'Last week' });
  await lastWeek.waitFor();
  assert.match(await thisWeek.locator('.week-summary').textContent(), /^This week's sessions are still to come\./);
  assert.match(await lastWeek.textContent(), /Sessions: 7 done, \d planned/);
  await assertAccessible(page, 'progress with the weekly review');
  await screenshots(page, 'progress-week');
});

test('each plan change says its reason once, not as a whole and then item by item', async () => {
  const { page } = await openPage(env, DESKTOP);
  await page.goto('/#/signin');
  await page.getByLabel('E-mail address').fill('patient1@demo.moverx.org');
  await page.getByLabel('Password', { exact: true }).fill('demo-patient-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Today');
  await page.goto('/#/progress');
  await heading(page, 'Your progress');
  await page.locator('.change').first().waitFor();
  const changes = await page.locator('.change').evaluateAll((els) => els.map((e) => ({ reason: e.querySelector('.reason')?.textContent || '', items: [...e.querySelectorAll('li')].map((l) => l.textContent) })));
  assert.ok(changes.length > 0, 'weeks of history bring plan changes');
  for (const c of changes)
    for (const sentence of c.reason.split(/(?<=\.)\s+/).filter((x) => x.length > 40))
      assert.ok(!c.items.some((i) => i.includes(sentence)), `said above and again below: ${sentence}`);
});
