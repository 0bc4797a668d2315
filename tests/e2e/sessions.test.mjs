// sessions.test.mjs: program v2's kinds of session on Today. Pia can use a
// pool and likes tai chi. With every day free, the week keeps the water
// exercise, the tai chi and the strength work on days of their own, and
// Today and the rest of the week show which day holds which. Ola gives one
// day only: that day holds them all, and the tai chi card lists its moves in
// order, each with its dose and how to do it. Wes has leg pain and a pool
// (the warm-pool route): on his pool days Today has the water exercise, no
// walk, and says the pool takes the walk's place. Every page is checked by
// axe-core and must end with no console or page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, DESKTOP, PHONE, ROOT, assertAccessible, cli, heading, makeClinic, openPage, pick, screenshots, signIn, serverForFile } from './harness.mjs';

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

const isoDaysAgo = (n) => {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const WATER = ['water-walking', 'pool-leg-lifts', 'aqua-jogging', 'backstroke'];

// The example intake as it is (leg pain, a pool, 5 days), started so that today
// is one of its pool days: the plan's week says which weekdays those are, and
// day 1 is always a land day, so the start goes back a day at a time until
// today's weekday holds water and no walk.
function waterPatient(db, clinic) {
  const path = join(ROOT, 'examples', 'intake.json');
  const today = WEEKDAYS[new Date().getDay()];
  for (let back = 1; back < 7; back++) {
    const start = isoDaysAgo(back);
    const { plan } = JSON.parse(execFileSync(BIN, ['--data', join(ROOT, 'data'), 'plan', '--intake', path, '--start', start, '--json'], { encoding: 'utf8' }));
    const day = plan.schedule[today] || [];
    if (!day.some((e) => WATER.includes(e.exercise)) || day.some((e) => e.walk)) continue;
    const id = JSON.parse(cli(db, 'patient', 'add', '--name', 'Wes Water', '--birth-year', '1958', '--org', clinic.org)).id;
    cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', 'wes@riverside.test', '--password-stdin', '--patient', id);
    return { id, plan: JSON.parse(cli(db, 'intake', id, path, '--date', start)).plan };
  }
  throw new Error('no start puts a pool day on today');
}

let env;
serverForFile(
  (e) => (env = e),
  (db) => {
    const clinic = makeClinic(db);
    clinic.pia = patientWith(db, clinic, 'Pia Pool', 'pia@riverside.test', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    clinic.ola = patientWith(db, clinic, 'Ola Once', 'ola@riverside.test', [WEEKDAYS[new Date().getDay()]]);
    clinic.wes = waterPatient(db, clinic);
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

test('a pool day of the warm-pool route: the water exercise, no walk, and why', async () => {
  const { plan } = env.clinic.wes;
  assert.equal(plan.water_days, true, 'the warm-pool route');
  const water = plan.items.find((i) => WATER.includes(i.exercise));
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'wes@riverside.test');
  await heading(page, 'Today');
  await page.getByRole('heading', { name: water.name, exact: true }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Walk', exact: true }).count(), 0, 'no walk card today');
  assert.equal((await page.locator('#pool-instead').textContent()).trim(), 'Today the pool takes the place of your walk.');
  // the rest of the week still walks
  const rest = await page.locator('.week-list li').allTextContents();
  assert.ok(rest.some((d) => d.includes('Walk')), 'walks on the land days');
  await assertAccessible(page, 'today on a pool day');
  await screenshots(page, 'today-pool-day');
});

test('a session that hurt is answered with what happens next, not praise; nothing ticked is no session', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'ola@riverside.test');
  await heading(page, 'Today');
  const boxes = page.getByRole('checkbox', { name: /^I did / });
  for (const box of await boxes.all()) await box.uncheck();
  await pick(page, 'Pain during the exercises', '9');
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  await page.getByRole('alert').getByText(/Tick at least one exercise or walk you did/).waitFor();
  for (const box of await boxes.all()) await box.check();
  await pick(page, 'How hard was it?', 'Too hard');
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  const saved = page.locator('[role=status]', { hasText: 'Session saved.' });
  await saved.waitFor();
  const text = await saved.textContent();
  assert.doesNotMatch(text, /Well done/);
  assert.match(text, /Your pain reached 9 out of 10\. That is more than your back should take/);
  assert.match(text, /Tomorrow the exercises that hurt will go back a step/);
  assert.match(text, /care team has been told/);
  await saved.getByRole('link', { name: 'I’m having a flare' }).waitFor();
  await assertAccessible(page, 'a painful session answered');
  await screenshots(page, 'session-too-much');
  const kim = env.cli('tasks', '--patient', env.clinic.ola.id);
  assert.ok(kim.tasks.some((t) => t.source === 'alert_session_pain'), 'a task for the care team');
  // the console speaks to the clinician, and shows what the patient read beneath
  const { page: console } = await openPage(env, DESKTOP);
  await signIn(console, 'admin@riverside.test');
  await heading(console, 'Patients');
  await console.goto('/#/alerts');
  await heading(console, 'Alerts');
  const card = console.locator('section.alert-group', { hasText: 'Ola Once' }).locator('section.card').filter({ hasText: "session's pain" });
  await card.first().waitFor();
  const cardText = await card.first().textContent();
  assert.match(cardText, /Check in: a session's pain reached 8 out of 10 or more\./);
  assert.match(cardText, /The patient read: “Pain as high as 9 out of 10/);
  await assertAccessible(console, 'an alert in the clinician’s words');
});
