// followup.test.mjs: the screens built on the follow-up questionnaires, the
// weekly adherence, the care team's inbox and the outcomes' completion: a
// patient four weeks into the program does the 4-weekly check-up and sees
// what changed; the clinician finds the patient's message waiting in the
// inbox and answers it; a new patient takes the yes/no questionnaire (RMDQ)
// at the intake; the plan editor names an emptied dose and a walk outside
// its safe range. Every page is checked by axe-core and must end with no
// console or page error (afterEach).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DESKTOP, PHONE, ROOT, apiAs, assertAccessible, cli, heading, makeClinic, openPage, pick, screenshots, signIn, serverForFile } from './harness.mjs';

const isoDaysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

// The clinic of every browser test, and Dee: 30 days into her program, with
// sessions on most days of the first two weeks.
function clinicWithDee(db) {
  const clinic = makeClinic(db);
  clinic.patientD = JSON.parse(cli(db, 'patient', 'add', '--name', 'Dee Dale', '--birth-year', '1975', '--org', clinic.org)).id;
  cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', 'dee@riverside.test', '--password-stdin', '--patient', clinic.patientD);
  cli(db, 'care', 'add', '--patient', clinic.patientD, '--clinician', clinic.clinician);
  cli(db, 'intake', clinic.patientD, join(ROOT, 'examples', 'intake.json'), '--date', isoDaysAgo(30));
  for (let d = 30; d > 16; d--) if (d % 7 !== 0) cli(db, 'log', clinic.patientD, '--date', isoDaysAgo(d), '--pain-during', '3');
  return clinic;
}

let env;
serverForFile((e) => (env = e), clinicWithDee);

test('a patient four weeks in does the 4-weekly check-up and sees what changed', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'dee@riverside.test');
  await heading(page, 'Today');
  await page.getByText('It is time for your 4-weekly check-up').waitFor();
  await page.getByRole('link', { name: 'Progress' }).click();
  await heading(page, 'Your progress');
  // adherence week by week, against the days planned
  const weeks = page.locator('figure', { hasText: 'Sessions each week' });
  await weeks.locator('summary').click();
  const rows = await weeks.locator('tbody tr').allTextContents();
  assert.equal(rows.length, 5, `30 days are 5 weeks: ${rows}`);
  assert.match(rows[0], /^Week 16\d$/, `week 1: 6 sessions and its planned days: ${rows[0]}`);
  assert.match(rows[4], /^Week 50\d$/, `week 5: none yet: ${rows[4]}`);
  await assertAccessible(page, 'progress with the check-up due');
  await page.getByRole('link', { name: 'Start the check-up' }).click();
  await heading(page, 'Your 4-weekly check-up');
  await assertAccessible(page, 'check-up');

  // nothing answered: the error names the questionnaire in the form's words and takes the focus there
  await page.getByRole('button', { name: 'Save my answers' }).click();
  assert.match(await page.getByRole('alert').textContent(), /^Everyday activities: please answer at least 8/);
  const odi = page.locator('form fieldset');
  for (let k = 0; k < 10; k++) await odi.nth(k).getByText('1', { exact: true }).click();
  // the same activities as at the start, rated again
  await page.getByLabel('gardening: how well now? (0–10)').fill('7');
  await page.getByLabel('sitting through a film: how well now? (0–10)').fill('8');
  await page.getByRole('button', { name: 'Save my answers' }).click();
  assert.match(await page.getByRole('alert').textContent(), /^Your activities, question 3: please rate/);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'psfs2');
  await page.getByLabel('carrying shopping: how well now? (0–10)').fill('8');
  await assertAccessible(page, 'check-up answered');
  await screenshots(page, 'checkup');
  await page.getByRole('button', { name: 'Save my answers' }).click();
  await page.getByText('Thank you. Your answers are saved.').waitFor();
  const changes = await page.locator('.card li').allTextContents();
  // ODI: the example intake's 17 of 45 (37.8%) to 10 of 50 (20%); PSFS 4.0 to 7.7
  assert.equal(changes[0], 'Disability (ODI): from 38% to 20%. That is a real, worthwhile improvement.');
  assert.equal(changes[1], 'Activities (PSFS): from 4.0 to 7.7. That is a real, worthwhile improvement.');
  // and each goal on its own: the first rating and today's
  assert.deepEqual(await page.locator('.goal-progress li').allTextContents(), [
    'gardening: 3 out of 10 at the start, 7 now',
    'sitting through a film: 4 out of 10 at the start, 8 now',
    'carrying shopping: 5 out of 10 at the start, 8 now',
  ]);
  await screenshots(page, 'checkup-saved');
  await assertAccessible(page, 'check-up saved');

  // progress: two ODI scores on the chart, and no check-up due any more
  await page.getByRole('link', { name: 'See your progress' }).click();
  await heading(page, 'Your progress');
  const disability = page.locator('figure', { hasText: 'Disability (ODI, %)' });
  assert.equal(await disability.locator('circle').count(), 2);
  assert.equal(await page.getByText('It is time for your 4-weekly check-up').count(), 0);
  const dee = await apiAs(env, 'dee@riverside.test');
  const p = (await dee('GET', `/patients/${env.clinic.patientD}/progress`)).json;
  assert.deepEqual(p.score_changes.map((c) => [c.instrument, c.important]), [['odi', true], ['psfs', true]]);
  // the same questionnaire twice on one day is refused, and nothing is stored twice
  const again = await dee('POST', `/patients/${env.clinic.patientD}/assessments`, { odi: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.field, 'odi');
});

test('the care team finds a patient’s message waiting in the inbox and answers it', async () => {
  const dee = await apiAs(env, 'dee@riverside.test');
  assert.equal((await dee('POST', `/patients/${env.clinic.patientD}/messages`, { body: 'Is it fine to swim this week?' })).status, 201);
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
  await heading(page, 'Messages');
  await page.getByText('1 patient is waiting for a reply.').waitFor();
  const row = page.locator('tbody tr', { hasText: 'Dee Dale' });
  assert.match(await row.textContent(), /Waiting for a reply/);
  await assertAccessible(page, 'inbox');
  await screenshots(page, 'inbox');
  await row.getByRole('link', { name: 'Dee Dale' }).click();
  await heading(page, 'Messages with Dee Dale');
  await page.getByText('Is it fine to swim this week?').waitFor();
  await assertAccessible(page, 'conversation');
  await screenshots(page, 'conversation');
  await page.getByLabel('Your message').fill('Yes: gentle lengths are a good idea.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Yes: gentle lengths are a good idea.').waitFor();
  await page.getByRole('link', { name: 'Back to all messages' }).click();
  await heading(page, 'Messages');
  await page.getByText('Nobody is waiting for a reply.').waitFor();
  assert.match(await page.locator('tbody tr', { hasText: 'Dee Dale' }).textContent(), /Answered/);
  // the patient reads the answer in her own conversation
  const { messages } = (await dee('GET', `/patients/${env.clinic.patientD}/messages`)).json;
  assert.equal(messages.at(-1).body, 'Yes: gentle lengths are a good idea.');

  // outcomes: nobody has reached the end of the 12 weeks yet
  await page.getByRole('link', { name: 'Outcomes' }).click();
  await heading(page, 'Outcomes');
  const completion = page.locator('.card', { hasText: 'Completed the 12 weeks' });
  assert.match(await completion.textContent(), /–\s*0 of the 0 patients/);
  await assertAccessible(page, 'outcomes with completion');
});

test('a new patient may take the yes/no questionnaire (RMDQ) at the intake', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'alex@riverside.test');
  await heading(page, 'Getting started');
  await page.getByRole('button', { name: 'Next' }).click();
  await pick(page, 'Your back pain right now', '4');
  await page.getByLabel('How many weeks have you had this back pain?').fill('3');
  await pick(page, 'Does the pain spread down into a leg?', 'No');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('How your back affects you').waitFor();
  const groups = page.locator('form fieldset');
  for (let k = 0; k < 8; k++) await groups.nth(k).getByText('Disagree', { exact: true }).click();
  await groups.nth(8).getByText('Slightly', { exact: true }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Use a shorter yes/no list instead' }).click();
  const list = page.getByRole('group', { name: 'Because of my back, today…' });
  assert.equal(await list.getByRole('checkbox').count(), 24);
  await list.getByRole('checkbox').nth(1).check();
  await list.getByRole('checkbox').nth(4).check();
  await list.getByRole('checkbox').nth(10).check();
  await assertAccessible(page, 'intake RMDQ');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Your goals').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Make my plan' }).click();
  await heading(page, 'Your plan is ready');
  const alex = await apiAs(env, 'alex@riverside.test');
  const { scores } = (await alex('GET', `/patients/${env.clinic.patientA}/progress`)).json;
  assert.deepEqual(scores.filter((s) => s.instrument === 'rmdq' || s.instrument === 'odi').map((s) => [s.instrument, s.score.score]), [['rmdq', 3]]);
  // a patient who opens the care team's view of their own record lands on their progress
  await page.goto(`/#/patients/${env.clinic.patientA}`);
  await heading(page, 'Your progress');
});

test('the plan editor names an emptied dose and a walk outside its safe range', async () => {
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto(`/#/patients/${env.clinic.patientD}/plan`);
  await heading(page, 'Change the plan of Dee Dale');
  const before = (await (await apiAs(env, 'kim@riverside.test'))('GET', `/patients/${env.clinic.patientD}/plan`)).json.versions.length;
  await page.getByLabel('Reason for the change').fill('Testing the limits.');
  const first = page.locator('fieldset.card').first().locator('input[type=number]').first();
  await first.fill('');
  await first.dispatchEvent('change');
  await page.getByRole('button', { name: 'Save the new plan' }).click();
  assert.match(await page.getByRole('alert').textContent(), /: enter a whole number from \d+ to \d+$/);
  await first.fill(await first.getAttribute('min'));
  await first.dispatchEvent('change');
  await page.getByRole('group', { name: 'Walk' }).getByLabel('Minutes (5–60)').fill('200');
  await page.getByRole('button', { name: 'Save the new plan' }).click();
  assert.match(await page.getByRole('alert').textContent(), /^Walk: Minutes: must be a whole number from 5 to 60$/);
  await assertAccessible(page, 'plan editor with an error');
  const after = (await (await apiAs(env, 'kim@riverside.test'))('GET', `/patients/${env.clinic.patientD}/plan`)).json.versions.length;
  assert.equal(after, before, 'nothing was saved');
});

test('a clinician swaps an exercise, adds one and changes a dose; the reason is required', async () => {
  const kim = await apiAs(env, 'kim@riverside.test');
  const lib = new Map((await kim('GET', '/exercises')).json.exercises.map((e) => [e.id, e]));
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto(`/#/patients/${env.clinic.patientD}/plan`);
  await heading(page, 'Change the plan of Dee Dale');
  const items = (await kim('GET', `/patients/${env.clinic.patientD}/plan`)).json.versions.at(-1).plan.items.map((i) => i.exercise);
  // swap the first for another exercise not in the plan, then add one more
  const swapTo = [...lib.keys()].find((id) => !items.includes(id) && lib.get(id).range.reps);
  await page.getByLabel('Exercise', { exact: true }).first().selectOption(swapTo);
  const first = page.locator('fieldset.card').first();
  assert.match(await first.locator('legend').textContent(), new RegExp(lib.get(swapTo).name));
  const [lo, hi] = lib.get(swapTo).range.reps;
  const reps = first.getByLabel(`Reps (${lo}–${hi})`);
  await reps.fill(String(hi));
  await reps.dispatchEvent('change');
  const addable = await page.locator('#add-exercise option').evaluateAll((os) => os.map((o) => o.value));
  let added = null;
  if (items.length < 6) {
    added = addable.find((id) => id !== swapTo);
    await page.locator('#add-exercise').selectOption(added);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Save the new plan' }).click();
  assert.equal(await page.getByRole('alert').first().textContent(), 'Reason: a reason is required');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'reason');
  await page.getByLabel('Reason for the change').fill('A change of exercise, to keep things fresh.');
  await page.getByRole('button', { name: 'Save the new plan' }).click();
  await heading(page, 'Dee Dale');
  const now = (await kim('GET', `/patients/${env.clinic.patientD}/plan`)).json.versions.at(-1);
  assert.equal(now.reason, 'A change of exercise, to keep things fresh.');
  const byId = new Map(now.plan.items.map((i) => [i.exercise, i]));
  assert.ok(!byId.has(items[0]), `${items[0]} was swapped out`);
  assert.equal(byId.get(swapTo)?.dose.reps, hi);
  if (added) assert.ok(byId.has(added), `${added} was added`);
});

test('today’s hold timer counts down and says when time is up; the rep counter counts', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'dee@riverside.test');
  await heading(page, 'Today');
  const hold = page.getByRole('button', { name: /^Start a \d+-second hold$/ }).first();
  const seconds = Number((await hold.textContent()).match(/\d+/)[0]);
  // the card by its heading: the button's own name changes once clicked
  const name = await page.locator('section.card').filter({ has: hold }).first().locator('h2').textContent();
  const card = page.locator('section.card').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
  await card.getByRole('button', { name: /^Start a \d+-second hold$/ }).click();
  // said to screen readers (an sr-only live region), so attached rather than visible
  await card.getByText('Timer started.').waitFor({ state: 'attached' });
  assert.equal(await card.getByRole('button', { name: 'Stop the timer' }).count(), 1);
  await card.getByText('Time is up. Relax.').waitFor({ state: 'attached', timeout: (seconds + 3) * 1000 });
  const more = card.getByRole('button', { name: /^One more rep for / });
  await more.click();
  await more.click();
  await card.getByRole('button', { name: /^One rep fewer for / }).click();
  assert.equal(await card.locator('output').textContent(), '1');
});

test('the flare screen asks the emergency signs by name, and about leg weakness', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'dee@riverside.test');
  await heading(page, 'Today');
  await page.goto('/#/flare');
  await heading(page, 'I’m having a flare');
  const labels = await page.getByRole('group', { name: 'Anything new or worrying? Tick any that apply' }).locator('label').allTextContents();
  assert.equal(labels.length, 8, `the eight signs to ask in a flare: ${labels}`);
  assert.ok(labels.some((l) => /feverish/.test(l)), `a fever is asked without a thermometer: ${labels}`);
  assert.ok(labels.some((l) => /numbness or tingling between your legs/.test(l)), `saddle numbness is asked: ${labels}`);
  assert.ok(labels.some((l) => /pain in your chest/.test(l)), 'chest pain is asked');
  assert.ok(!labels.some((l) => /cough or sneeze/.test(l)), 'a sciatica sign is left for the check-in');
  await pick(page, 'How bad is the pain right now?', '7');
  await page.getByLabel('Is there weakness in a leg?').selectOption('stable');
  await assertAccessible(page, 'flare with leg weakness');
  await page.getByRole('button', { name: 'Switch to my flare plan' }).click();
  await page.getByText('Your flare plan').waitFor();
  // the answer reached the server with the flare
  const dee = await apiAs(env, 'dee@riverside.test');
  const exported = JSON.stringify((await dee('GET', `/patients/${env.clinic.patientD}/export`)).json);
  assert.match(exported, /"leg_weakness":"stable"/);
});

test('every lesson is kept for offline reading once today’s plan has been opened, not only the lessons opened', async () => {
  const dee = await apiAs(env, 'dee@riverside.test');
  const { lessons } = (await dee('GET', '/lessons')).json;
  const { context, page } = await openPage(env, PHONE);
  await signIn(page, 'dee@riverside.test');
  await heading(page, 'Today');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // today's plan, now through the service worker
  await heading(page, 'Today');
  const kept = () => page.evaluate(async () => (await (await caches.open('mrx-data')).keys()).filter((r) => /\/api\/v1\/lessons\/./.test(r.url)).length);
  for (let i = 0; i < 50 && (await kept()) < lessons.length; i++) await page.waitForTimeout(100);
  assert.equal(await kept(), lessons.length);
  await context.setOffline(true);
  const last = lessons[lessons.length - 1];
  await page.goto(`/#/lessons/${last.id}`);
  await heading(page, last.title);
  await assertAccessible(page, 'a lesson never opened, offline');
  await context.setOffline(false);
});
