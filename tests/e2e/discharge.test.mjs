// discharge.test.mjs: the end of the course in the web app. Gail did her 12
// weeks, her pain is low and her check-up shows her goals reached: Today
// says she goes on by herself and shows her flare plan, and her progress says
// maintenance. Paul's pain has not eased: Today says his plan goes on and the
// care team will look at it, and the care team's task queue has it; the
// care team's panel shows each one's week and phase. When Gail's pain comes
// back, she starts the course again from Today, without a new intake. Every
// page is checked by axe-core and must end with no console or page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DESKTOP, PHONE, ROOT, assertAccessible, cli, heading, makeClinic, openPage, pick, screenshots, signIn, serverForFile } from './harness.mjs';

const isoDaysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

// The example intake without its leg tingling: no alert open at the review.
function clearIntake(db) {
  const intake = JSON.parse(readFileSync(join(ROOT, 'examples', 'intake.json'), 'utf8'));
  intake.red_flags.one_leg_numbness_tingling = false;
  intake.leg_pain = false;
  const path = join(dirname(db), 'intake-clear.json');
  writeFileSync(path, JSON.stringify(intake));
  return path;
}

// 88 days in: check-ins through the 12 weeks, a check-up at day 82, and
// the check-in of day 84 that makes the review.
function patientAtWeek13(db, clinic, name, email, pain, odi, psfs) {
  const id = JSON.parse(cli(db, 'patient', 'add', '--name', name, '--birth-year', '1970', '--org', clinic.org)).id;
  cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', email, '--password-stdin', '--patient', id);
  cli(db, 'care', 'add', '--patient', id, '--clinician', clinic.clinician);
  cli(db, 'intake', id, clearIntake(db), '--date', isoDaysAgo(88));
  // the care team keeps the promise of the start (the plan review): the week-12 review waits
  // for it otherwise
  for (const t of JSON.parse(cli(db, 'tasks', '--patient', id)).tasks)
    if (t.status === 'open' && (t.kind === 'plan_review' || t.kind === 'first_contact')) cli(db, 'tasks', 'done', t.id, '--note', 'Looked at the plan with the patient.');
  // a check-in with a walk every few days, then every day of week 12
  for (let day = 0; day < 84; day += day < 76 ? 4 : 1) cli(db, 'checkin', id, '--date', isoDaysAgo(88 - day), '--pain', pain, '--walk-minutes', '20');
  cli(db, 'assess', id, '--date', isoDaysAgo(6), '--odi', odi, '--psfs', psfs);
  cli(db, 'checkin', id, '--date', isoDaysAgo(4), '--pain', pain);
  return id;
}

function clinicAtTheEnd(db) {
  const clinic = makeClinic(db);
  clinic.gail = patientAtWeek13(db, clinic, 'Gail Good', 'gail@riverside.test', '2', '0,0,1,0,1,0,0,-,0,0', '8,8,8');
  clinic.paul = patientAtWeek13(db, clinic, 'Paul Poor', 'paul@riverside.test', '6', '2,1,2,2,3,2,2,-,1,2', '3,4,5');
  return clinic;
}

let env;
serverForFile((e) => (env = e), clinicAtTheEnd);

test('doing well at week 12: Today says she goes on by herself, with her flare plan', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'gail@riverside.test');
  await heading(page, 'Today');
  const main = page.locator('main');
  await page.getByText(/^You have finished the 12-week course\. You are doing well\. .*You keep \d of your moves/).waitFor();
  assert.match(await page.locator('.course-line').textContent(), /Week 13, day \d · Keep it going/);
  const flare = page.locator('section.card', { has: page.getByRole('heading', { name: 'If you have a flare' }) });
  assert.match(await flare.textContent(), /Day 1: keep moving gently/);
  assert.match(await flare.textContent(), /Call your emergency number now/);
  assert.doesNotMatch(await main.textContent(), /Week 13 of 12/);
  await assertAccessible(page, 'today, discharged');
  await screenshots(page, 'today-discharged');
});

test('not ready at week 12: the plan goes on, and the care team has the review on its queue', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'paul@riverside.test');
  await heading(page, 'Today');
  await page.getByText(/Your pain has not eased enough yet\..* So your plan goes on for 4 more weeks\. Your care team will look at it with you/).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'If you have a flare' }).count(), 0);
  await assertAccessible(page, 'today, extended');

  const { page: kim } = await openPage(env, DESKTOP);
  await signIn(kim, 'kim@riverside.test');
  await heading(kim, 'Patients');
  // the panel: each patient's week and phase, Gail in maintenance, Paul still consolidating
  const row = (name) => kim.locator('tr', { has: kim.getByRole('link', { name }) });
  assert.equal(await row('Gail Good').locator('td').nth(3).textContent(), 'Week 13 · maintenance');
  assert.equal(await row('Paul Poor').locator('td').nth(3).textContent(), 'Week 13 · consolidating');
  await screenshots(kim, 'panel-course');
  await kim.goto('/#/alerts');
  await heading(kim, 'Alerts');
  await kim.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
  const card = kim.locator('section.card').filter({ hasText: 'Paul Poor' }).filter({ hasText: /Week 12 review: not ready to go on alone/ });
  await card.first().waitFor();
  await assertAccessible(kim, 'tasks with the week-12 review');

  // Gail's pain went from 5 to 2: the change says which way in words, not with a sign
  await kim.goto(`/#/patients/${env.clinic.gail}`);
  await heading(kim, 'Gail Good');
  const change = kim.locator('.card', { has: kim.getByText('Change in pain', { exact: true }) });
  assert.match(await change.textContent(), /\d\.\d points better/);
  assert.doesNotMatch(await change.textContent(), /-\d/);

  // the clinician's own call, on Paul's page: maintenance after all, in words for him
  await kim.goto(`/#/patients/${env.clinic.paul}`);
  await heading(kim, 'Paul Poor');
  const course = kim.locator('section.card', { has: kim.getByRole('heading', { name: 'End of the course' }) });
  assert.match(await course.textContent(), /Week 13 · consolidating/);
  await course.getByLabel('Decision').selectOption('maintenance');
  await course.getByRole('button', { name: 'Record the decision' }).click();
  await course.getByText('write what was done').waitFor(); // the reason is required
  await course.getByLabel(/Reason, in words for the patient/).fill('Your pain is steady and you know your moves well. Go on by yourself, and check in each month.');
  await assertAccessible(kim, 'the end-of-course decision');
  await screenshots(kim, 'patient-course-decision');
  await course.getByRole('button', { name: 'Record the decision' }).click();
  await kim.getByRole('heading', { name: 'End of the course' }).waitFor({ state: 'detached' });
  const { page: paul } = await openPage(env, PHONE);
  await signIn(paul, 'paul@riverside.test');
  await heading(paul, 'Today');
  await paul.getByText('Go on by yourself, and check in each month.', { exact: false }).waitFor();
  assert.match(await paul.locator('.course-line').textContent(), /Keep it going/);
});

test('the pain comes back: from maintenance, she starts the course again without a new intake', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'gail@riverside.test');
  await heading(page, 'Today');
  await page.getByRole('heading', { name: 'Back pain come back?' }).waitFor();
  await page.getByRole('link', { name: 'Start the program again' }).click();
  await heading(page, 'Start the program again');
  // the warning signs come first, then the pain
  const form = page.locator('form');
  const legend = await form.locator('legend').first().textContent();
  assert.match(legend, /warning signs/);
  await assertAccessible(page, 'restart');
  await screenshots(page, 'restart');
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.getByText('choose your pain right now, from 0 to 10').waitFor(); // the pain is asked
  await pick(page, 'Your back pain right now', '5');
  // STarT Back asked again: an answer missing is named
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.getByText(/answer this question/i).first().waitFor();
  const groups = form.locator('fieldset').filter({ has: page.getByRole('radio', { name: 'Disagree' }) });
  for (let k = 0; k < (await groups.count()); k++) await groups.nth(k).getByText('Disagree', { exact: true }).click();
  await form.locator('fieldset').last().getByText('Not at all', { exact: true }).click();
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.getByRole('heading', { name: 'Your program has started again' }).waitFor();
  assert.match(await page.locator('main [role=status]').textContent(), /starts again from/);
  await page.getByRole('link', { name: 'See today’s plan' }).click();
  await heading(page, 'Today');
  assert.match(await page.locator('.course-line').textContent(), /^Week 1 of 12, day 1 · /);
  assert.equal(await page.getByRole('heading', { name: 'Back pain come back?' }).count(), 0);
  await screenshots(page, 'today-restarted');
});
