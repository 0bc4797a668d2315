// sessions.test.mjs: program v2's kinds of session on Today. Pia can use a
// pool and likes tai chi. With every day free, the week keeps the water
// exercise, the tai chi and the strength work on days of their own, and
// Today and the rest of the week show which day holds which. Ola gives one
// day only: that day holds them all, and the tai chi card lists its moves in
// order, each with its dose and how to do it. Every page is checked by
// axe-core and must end with no console or page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PHONE, ROOT, assertAccessible, cli, heading, makeClinic, openPage, screenshots, signIn, serverForFile } from './harness.mjs';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const todayIso = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

// The example intake with a pool and tai chi, on the days given, an hour a day.
function patientWith(db, clinic, name, email, days) {
  const intake = JSON.parse(readFileSync(join(ROOT, 'examples', 'intake.json'), 'utf8'));
  Object.assign(intake.preferences, { pool_access: true, tai_chi: true });
  intake.availability = { days, minutes_per_day: 60 };
  const path = join(dirname(db), `${email}.json`);
  writeFileSync(path, JSON.stringify(intake));
  const id = JSON.parse(cli(db, 'patient', 'add', '--name', name, '--birth-year', '1962', '--org', clinic.org)).id;
  cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', email, '--password-stdin', '--patient', id);
  const plan = JSON.parse(cli(db, 'intake', id, path, '--date', todayIso())).plan;
  return { id, plan };
}

let env;
serverForFile(
  (e) => (env = e),
  (db) => {
    const clinic = makeClinic(db);
    clinic.pia = patientWith(db, clinic, 'Pia Pool', 'pia@riverside.test', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    clinic.ola = patientWith(db, clinic, 'Ola Once', 'ola@riverside.test', [WEEKDAYS[new Date().getDay()]]);
    return clinic;
  },
);

// The names of the plan's items of one category, from the library.
const namesOf = (plan, ids) => plan.items.filter((i) => ids.includes(i.exercise)).map((i) => i.name);

test('every day free: the pool and the tai chi are on their own days, as far as the week allows', async () => {
  const { plan } = env.clinic.pia;
  const pool = namesOf(plan, ['water-walking', 'pool-leg-lifts', 'aqua-jogging']);
  const calm = namesOf(plan, ['tai-chi', 'seated-tai-chi']);
  assert.equal(pool.length, 1, 'a water exercise is in the plan');
  assert.equal(calm.length, 1, 'a tai chi session is in the plan');
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'pia@riverside.test');
  await heading(page, 'Today');
  // today's cards and the rest of the week: what each of the 7 days holds
  const today = (await page.locator('main section.card h2').allTextContents()).join(', ');
  const rest = await page.locator('.week-list li').allTextContents();
  assert.equal(rest.length, 6, 'the six days after today');
  const days = [today, ...rest];
  const with_ = (name) => days.filter((d) => d.includes(name)).length;
  const daysOf = (id) => plan.items.find((i) => i.exercise === id).days_per_week;
  const poolId = plan.items.find((i) => i.name === pool[0]).exercise;
  const calmId = plan.items.find((i) => i.name === calm[0]).exercise;
  assert.equal(with_(pool[0]), daysOf(poolId), 'the pool on its days');
  assert.equal(with_(calm[0]), daysOf(calmId), 'tai chi on its days');
  // kinds of session keep apart where the week has room: strength work on 5
  // days leaves 2, so the pool and tai chi share at most one day
  assert.ok(days.filter((d) => d.includes(pool[0]) && d.includes(calm[0])).length < 2, 'the pool and tai chi keep mostly apart');
  await assertAccessible(page, 'today with a pool and tai chi week');
  await screenshots(page, 'today-kinds-of-session');
});

test('one day a week: that day holds the water exercise and the tai chi, its moves in order', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'ola@riverside.test');
  await heading(page, 'Today');
  const calm = namesOf(env.clinic.ola.plan, ['tai-chi', 'seated-tai-chi'])[0];
  const pool = namesOf(env.clinic.ola.plan, ['water-walking', 'pool-leg-lifts', 'aqua-jogging'])[0];
  await page.getByRole('heading', { name: pool, exact: true }).waitFor();
  const card = page.locator('section.card', { has: page.getByRole('heading', { name: calm, exact: true }) });
  await card.getByRole('heading', { name: /^The \d moves, in order$/ }).waitFor();
  const moves = card.locator('ol.routine-moves > li');
  assert.ok((await moves.count()) >= 4, 'the routine lists its moves');
  assert.match(await moves.first().textContent(), /opening.*min/i);
  // a note only where the move has one for this person: no empty boxes
  for (const box of await card.locator('ol.routine-moves .notice').all()) assert.notEqual((await box.textContent()).trim(), '');
  await moves.first().locator('summary').click();
  assert.ok((await moves.first().locator('details ol li').count()) >= 3, 'each move has its own steps');
  await assertAccessible(page, 'today with a tai chi routine');
  await screenshots(page, 'today-routine');
});
