// journeys.test.mjs: the web app in Debian's chromium against a real
// server: the five journeys of issue 6, each page checked by axe-core, and
// screenshots of the main screens at phone and desktop widths. Every page a
// test opens must end it with no console error and no page error (afterEach).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP, PASSWORD, PHONE, ROOT, apiAs, assertAccessible, assertNoProblems, heading, openPage, pick, screenshot, screenshots, signIn, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

test('1. onboarding with an emergency answer ends on the emergency screen, and the care team sees an emergency alert', async () => {
  const { page: admin } = await openPage(env, DESKTOP);
  await signIn(admin, 'admin@riverside.test');
  await heading(admin, 'Patients');
  await admin.getByRole('link', { name: 'New patient' }).click();
  await heading(admin, 'New patient');
  await admin.getByLabel('Full name').fill('Casey Crisis');
  await admin.getByLabel('Year of birth').fill('1970');
  await admin.getByLabel('Clinician on the care team').selectOption({ label: 'kim@riverside.test' });
  await admin.getByLabel('Patient’s e-mail address (for the invitation)').fill('casey@riverside.test');
  await assertAccessible(admin, 'new patient');
  await screenshots(admin, 'new-patient');
  await admin.getByRole('button', { name: 'Add patient' }).click();
  const link = await admin.locator('a.invite-link').textContent({ timeout: 10000 });
  assert.match(link, /\/#\/invite\/[0-9a-f]{64}$/);
  await assertAccessible(admin, 'new patient added, with the invitation link');

  const { page } = await openPage(env, PHONE);
  await page.goto(link);
  await heading(page, 'Choose your password');
  await screenshots(page, 'invite');
  await assertAccessible(page, 'invitation');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('The same password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  // told the address they sign in with, already signed in, and straight on to the intake
  const done = page.getByRole('status').filter({ hasText: 'Your password is set' });
  await done.waitFor();
  assert.match(await done.textContent(), /You sign in with: casey@riverside\.test/);
  await assertAccessible(page, 'password set');
  await screenshots(page, 'invite-done');
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Getting started');
  await page.getByText('First, some safety questions').waitFor();
  await assertAccessible(page, 'intake red flags');
  await screenshots(page, 'intake');
  await page.getByLabel('Is there numbness or tingling between your legs or around your bottom?').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await heading(page, 'Get help now');
  const text = await page.locator('main').textContent();
  assert.match(text, /emergency/i);
  assert.match(text, /program is stopped/);
  await assertAccessible(page, 'emergency');
  await screenshots(page, 'emergency');
  // Signed in again later, the patient lands on the same screen, not a plan.
  await page.goto('/#/today');
  await heading(page, 'Get help now');

  const { page: kim } = await openPage(env, DESKTOP);
  await signIn(kim, 'kim@riverside.test');
  await heading(kim, 'Patients');
  await kim.getByRole('link', { name: 'Alerts' }).click();
  await heading(kim, 'Alerts');
  const card = kim.locator('section.alert-group', { hasText: 'Casey Crisis' });
  await card.waitFor();
  assert.match(await card.textContent(), /Emergency/);
  await assertAccessible(kim, 'alerts');
  // The alert leads to the patient's page, which says why there is no plan.
  await card.getByRole('link', { name: 'Casey Crisis' }).click();
  await heading(kim, 'Casey Crisis');
  await kim.getByText('stopped at the intake by an emergency answer').waitFor();
  await assertAccessible(kim, 'patient stopped at the intake');
});

test('2. onboarding to a plan, a session logged, the next-morning check-in, and progress showing both', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'alex@riverside.test');
  await heading(page, 'Getting started');
  await page.getByRole('button', { name: 'Next' }).click(); // no red flags
  await page.getByText('Your pain', { exact: true }).waitFor();
  // a missing answer is announced (role=alert) and the step stays
  await page.getByRole('button', { name: 'Next' }).click();
  assert.match(await page.getByRole('alert').textContent(), /please answer this question/);
  await page.getByText('Your pain', { exact: true }).waitFor();
  await assertAccessible(page, 'intake pain, with an error');
  await pick(page, 'Your back pain right now', '5');
  await page.getByLabel('How many weeks have you had this back pain?').fill('10');
  await pick(page, 'Does the pain spread down into a leg?', 'No');
  await assertAccessible(page, 'intake pain');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('How your back affects you').waitFor();
  const groups = page.locator('form fieldset');
  for (let k = 0; k < 8; k++) await groups.nth(k).getByText('Disagree', { exact: true }).click();
  await groups.nth(8).getByText('Slightly', { exact: true }).click();
  await assertAccessible(page, 'intake STarT Back');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Everyday activities').waitFor();
  const odi = page.locator('form fieldset');
  for (let k = 0; k < 10; k++) await odi.nth(k).getByText('1', { exact: true }).click();
  await assertAccessible(page, 'intake ODI');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Your goals').waitFor();
  await page.getByLabel('Activity (for example: gardening)').first().fill('gardening');
  await page.getByLabel('How well can you do it now?').first().fill('4');
  await assertAccessible(page, 'intake goals');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Your time and what you enjoy').waitFor();
  await assertAccessible(page, 'intake time and preferences');
  // The days themselves (program v2): none is refused, naming what to do.
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  for (const d of days) await page.getByRole('checkbox', { name: d, exact: true }).uncheck();
  await page.getByRole('button', { name: 'Make my plan' }).click();
  assert.match(await page.getByRole('alert').textContent(), /Pick at least one day/);
  await screenshots(page, 'intake-days');
  // Every day, so that whatever day this test runs on holds a session.
  for (const d of days) await page.getByRole('checkbox', { name: d, exact: true }).check();
  {
    // The pool's days are asked only of someone who can get to a pool, and must be their days.
    const poolDays = page.getByRole('group', { name: 'On which of those days can you get to a pool?' });
    assert.equal(await poolDays.count(), 0, 'no pool question without a pool');
    await page.getByRole('checkbox', { name: 'I can get to a pool' }).check();
    await poolDays.getByRole('checkbox', { name: 'Saturday' }).check();
    const myDays = page.getByRole('group', { name: 'Which days can you exercise?' });
    await myDays.getByRole('checkbox', { name: 'Saturday' }).uncheck();
    await page.getByRole('button', { name: 'Make my plan' }).click();
    assert.match(await page.getByRole('alert').textContent(), /Your pool days must be some of the days you picked/);
    await screenshots(page, 'intake-pool-days');
    await myDays.getByRole('checkbox', { name: 'Saturday' }).check();
    await page.getByRole('checkbox', { name: 'I can get to a pool' }).uncheck();
    assert.equal(await poolDays.count(), 0, 'the pool question goes with the pool');
  }
  await page.getByRole('button', { name: 'Make my plan' }).click();
  await heading(page, 'Your plan is ready');
  {
    // why the plan is as it is, folded under what it could not give (nothing, here)
    const why = page.locator('section.plan-why');
    await why.getByRole('heading', { name: 'Why your plan looks like this' }).waitFor();
    assert.equal(await why.getByRole('heading', { name: 'What you asked for that is not in your plan yet' }).count(), 0);
    await why.getByText('Everything we took into account').click();
    assert.match(await why.locator('details').textContent(), /fits in the 25 minutes a day you have/);
    await screenshots(page, 'plan-why');
  }
  await assertAccessible(page, 'plan ready');
  await page.getByRole('link', { name: 'See today’s plan' }).click();
  await heading(page, 'Today');
  // Where the day stands in the course, and what the rest of the week holds.
  await page.getByText('Week 1 of 12, day 1').waitFor();
  assert.match(await page.locator('.course-line').textContent(), /Settle in and learn/);
  const week = page.locator('section.card', { has: page.getByRole('heading', { name: 'The rest of this week' }) });
  assert.equal(await week.locator('li').count(), 6, 'the six days after the first');
  assert.match(await week.textContent(), /exercises and a walk/);
  {
    // each exercise that trains the goal the person gave says so
    const alex = await apiAs(env, 'alex@riverside.test');
    const today = (await alex('GET', `/patients/${env.clinic.patientA}/today`)).json;
    const tagged = today.items.filter((i) => i.goals?.includes('gardening')).length;
    assert.ok(tagged > 0, 'an exercise of day 1 trains gardening');
    assert.equal(await page.getByText('For your goal: gardening').count(), tagged);
  }
  await assertAccessible(page, 'today');
  await screenshots(page, 'today');

  for (const box of await page.getByRole('checkbox', { name: /^I did / }).all()) await box.check();
  // "This one hurt" on the first exercise: the session's pain is put on that one alone.
  await page.locator('form section.card').first().getByRole('checkbox', { name: 'This one hurt' }).check();
  await pick(page, 'Pain during the exercises', '2');
  await pick(page, 'How hard was it?', 'About right');
  await assertAccessible(page, 'session logging');
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  await page.getByText('Session saved. Well done.').waitFor();
  await assertAccessible(page, 'session saved');
  {
    const kim = await apiAs(env, 'kim@riverside.test');
    const exp = (await kim('GET', `/patients/${env.clinic.patientA}/export`)).json;
    const items = exp.episodes.at(-1).sessions.at(-1).items;
    const hurt = items.filter((i) => i.pain !== undefined);
    assert.equal(hurt.length, 1, 'one exercise carries its own pain');
    assert.equal(hurt[0].pain, 2);
    assert.equal(hurt[0].done, true);
  }

  // The next morning.
  await page.clock.setFixedTime(new Date(Date.now() + 86400000));
  await page.goto('/#/checkin');
  await heading(page, 'Daily check-in');
  await assertAccessible(page, 'check-in');
  await screenshots(page, 'checkin');
  await pick(page, 'Your back pain right now', '3');
  await pick(page, 'Pain this morning, after yesterday’s exercises (optional)', '2');
  await pick(page, 'How stiff is your back this morning? (optional)', '3');
  await page.getByLabel('Minutes you walked yesterday (your walking log)').fill('20');
  await page.getByLabel('A walk').check();
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await page.getByText('Check-in saved. Thank you.').waitFor();
  await assertAccessible(page, 'check-in saved');
  {
    // the morning stiffness reaches the record (the engine reads its weekly trend)
    const kim = await apiAs(env, 'kim@riverside.test');
    const exp = (await kim('GET', `/patients/${env.clinic.patientA}/export`)).json;
    assert.equal(exp.episodes.at(-1).checkins.at(-1).stiffness, 3);
  }

  await page.goto('/#/progress');
  await heading(page, 'Your progress');
  // the goal given at the intake, its rating, and what trains it
  const goals = page.locator('section.card', { has: page.getByRole('heading', { name: 'Goals' }) });
  assert.match(await goals.textContent(), /gardening4 at the start, 4 now/);
  assert.match(await goals.textContent(), /Trained by: /);
  assert.match(await page.locator('main').textContent(), /Week 1 of 12 · Settle in and learn/);
  const during = page.locator('figure', { hasText: 'Pain during exercise (0–10)' });
  assert.match(await during.locator('svg title').first().textContent(), /1 logged, the latest 2\./);
  const pain = page.locator('figure', { hasText: 'Pain (0–10)' }).first();
  assert.match(await pain.locator('svg title').first().textContent(), /1 logged, the latest 3\./);
  const walks = page.locator('figure', { hasText: 'Minutes walked' });
  assert.match(await walks.locator('svg title').first().textContent(), /latest 20 min/);
  assert.match(await page.locator('main').textContent(), /1 of \d+ planned days/);
  await assertAccessible(page, 'progress');
  await screenshots(page, 'progress');
});

test('3. a clinician acknowledges an alert and changes the plan with a reason; the patient sees the change and the reason', async () => {
  const bea = await apiAs(env, 'bea@riverside.test');
  const today = new Date().toISOString().slice(0, 10);
  const r = await bea('POST', `/patients/${env.clinic.patientB}/checkins`, { date: today, pain: 4, red_flags: { unexplained_weight_loss: true } });
  assert.equal(r.status, 201);
  assert.equal(r.json.alerts.length, 1);

  const { page: kim } = await openPage(env, DESKTOP);
  await signIn(kim, 'kim@riverside.test');
  await heading(kim, 'Patients');
  await assertAccessible(kim, 'panel');
  await screenshots(kim, 'panel');
  await kim.goto('/#/alerts');
  await heading(kim, 'Alerts');
  const group = kim.locator('section.alert-group', { hasText: 'Bea Bright' });
  await group.locator('section.card').first().getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await kim.locator('section.alert-group', { hasText: 'Bea Bright' }).locator('section.card').first().getByText(/· acknowledged/).waitFor();
  await assertAccessible(kim, 'alerts, one acknowledged');
  await screenshots(kim, 'alerts');

  await kim.goto(`/#/patients/${env.clinic.patientB}`);
  await heading(kim, 'Bea Bright');
  await assertAccessible(kim, 'patient detail');
  await screenshots(kim, 'patient');
  await kim.getByRole('link', { name: 'Change the plan' }).click();
  await heading(kim, 'Change the plan of Bea Bright');
  await assertAccessible(kim, 'plan editor');
  const removed = (await kim.locator('form fieldset legend').first().textContent()).replace(/^Exercise 1: /, '');
  await kim.getByRole('button', { name: `Remove ${removed}` }).click();
  const reason = 'One exercise fewer for now, while we look into your weight loss together.';
  await kim.getByLabel('Reason for the change').fill(reason);
  await screenshots(kim, 'plan-editor');
  await kim.getByRole('button', { name: 'Save the new plan' }).click();
  await heading(kim, 'Bea Bright');
  assert.match(await kim.locator('main').textContent(), new RegExp(reason));
  assertNoProblems(kim);

  const { page } = await openPage(env, PHONE);
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  const changes = page.locator('section', { hasText: 'What changed in your plan, and why' });
  await changes.waitFor();
  assert.match(await changes.textContent(), new RegExp(reason));
  assert.match(await changes.textContent(), new RegExp(`Removed ${removed}`));
  await assertAccessible(page, 'today, with the plan change');
  await page.goto('/#/progress');
  await heading(page, 'Your progress');
  assert.match(await page.locator('main').textContent(), new RegExp(reason));
  await assertAccessible(page, 'progress, with the plan change');
});

test('4. a session logged offline is sent once back online, exactly once', async () => {
  const cal = await apiAs(env, 'cal@riverside.test');
  const sessions = async () => (await cal('GET', `/patients/${env.clinic.patientC}/progress`)).json.sessions.length;
  const { context, page } = await openPage(env, PHONE);
  await signIn(page, 'cal@riverside.test');
  await heading(page, 'Today');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto('/#/lessons/flare-ups'); // opened once, kept for offline
  await heading(page, 'Handling a Flare-Up');
  await page.goto('/#/today');
  await heading(page, 'Today');

  await context.setOffline(true);
  for (const box of await page.getByRole('checkbox', { name: /^I did / }).all()) await box.check();
  await pick(page, 'Pain during the exercises', '3');
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  await page.getByText('Saved on this phone. It will be sent when you are back online.').waitFor();
  assert.match(await page.locator('#status').textContent(), /1 entry is waiting to be sent/);
  assert.equal(await sessions(), 0);

  // Offline, the app still opens on today's plan and the lesson read before.
  await page.reload();
  await heading(page, 'Today');
  await page.getByText('Saved on this phone. It will be sent when you are back online.').waitFor();
  await page.goto('/#/lessons/flare-ups');
  await heading(page, 'Handling a Flare-Up');
  await page.goto('/#/today');
  await heading(page, 'Today');
  await assertAccessible(page, 'today offline, a session waiting');
  await screenshot(page, 'offline-queued');

  // Back online, the first try reaches the server but its answer is lost;
  // the retry carries the same key and is answered from the first.
  const posts = [];
  page.on('response', (res) => {
    if (res.request().method() === 'POST' && res.url().endsWith('/sessions')) posts.push(res.headers()['idempotent-replayed'] || 'first');
  });
  let lost = 0;
  await context.route('**/api/v1/patients/*/sessions', async (route) => {
    if (lost++ === 0) {
      await route.fetch();
      await route.abort('failed');
    } else {
      await route.continue();
    }
  });
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  for (let i = 0; i < 100 && (await page.locator('#status').textContent()).includes('waiting'); i++) {
    await page.waitForTimeout(200);
    if (i % 10 === 9) await page.evaluate(() => window.dispatchEvent(new Event('online')));
  }
  await page.getByText('Your session has been sent to MoveRx.').waitFor();
  assert.ok(lost >= 2, `the session was sent ${lost} times`);
  assert.ok(posts.includes('true'), `the retry was answered from the first write: ${posts}`);
  assert.equal(await sessions(), 1);
});

test('5. another patient’s pages are refused', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'cal@riverside.test');
  await heading(page, 'Today');
  await page.goto(`/#/patients/${env.clinic.patientB}`);
  await heading(page, 'Not available');
  assert.doesNotMatch(await page.locator('main').textContent(), /Bea/);
  await assertAccessible(page, 'not available');
  await screenshot(page, 'refused');
  for (const path of ['today', 'progress', 'plan', 'messages', 'export']) {
    const status = await page.evaluate(async (p) => (await fetch(p)).status, `/api/v1/patients/${env.clinic.patientB}/${path}`);
    assert.equal(status, 404, path);
  }
  // The care team's screens send a patient home.
  await page.goto('/#/panel');
  await heading(page, 'Today');
  await page.goto(`/#/patients/${env.clinic.patientB}/plan`);
  await heading(page, 'Today');
});

test('6. the care team sees what was promised to each patient, by when, and marks it done with a note', async () => {
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto('/#/alerts');
  await heading(page, 'Alerts');
  await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
  const card = page.locator('section.card').filter({ hasText: 'Plan review: Cal Calm' });
  await card.getByText(/^Due /).waitFor();
  await assertAccessible(page, 'the care team queue with tasks');
  await screenshots(page, 'tasks');
  await card.getByText('Mark done with a note').click();
  await card.getByLabel('Note (what was done)').fill('Went through the plan with Cal on the phone.');
  await card.getByRole('button', { name: 'Done' }).click();
  await page.locator('section.card').filter({ hasText: 'Plan review: Cal Calm' }).waitFor({ state: 'detached' });
  await page.goto(`/#/patients/${env.clinic.patientC}`);
  await heading(page, 'Cal Calm');
  const tasks = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Tasks for the care team' }) });
  await tasks.getByText(/Went through the plan with Cal on the phone\./).waitFor();
  assert.match(await tasks.textContent(), /Done .* by /);
});

test('7. an admin sees who is on a care team, takes a clinician off (never the last), and their access ends at once', async () => {
  const lee = env.cli('user', 'add', '--org', env.clinic.org, '--role', 'clinician', '--email', 'lee@riverside.test', '--password-stdin').id;
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'admin@riverside.test');
  await heading(page, 'Patients');
  await page.goto(`/#/patients/${env.clinic.patientB}`);
  await heading(page, 'Bea Bright');
  await page.getByRole('heading', { name: 'The first plan, as the patient read why' }).waitFor();
  const team = page.locator('section.card', { has: page.getByRole('heading', { name: 'Care team' }) });
  await team.getByText('kim@riverside.test', { exact: true }).waitFor();
  // kim alone on a running program: the server refuses, the console says why
  await team.getByRole('button', { name: 'Take off the care team' }).click();
  await team.getByRole('button', { name: 'Take kim@riverside.test off' }).click();
  await team.getByRole('alert').getByText(/only clinician on the team of a running program/).waitFor();
  await assertAccessible(page, 'care team, the last clinician refused');
  // lee on, then kim off
  await team.getByLabel('Add a clinician').selectOption({ label: 'lee@riverside.test' });
  await team.getByRole('button', { name: 'Add to the care team' }).click();
  await team.getByText('lee@riverside.test', { exact: true }).waitFor();
  await screenshots(page, 'care-team');
  const kimRow = team.locator('li', { hasText: 'kim@riverside.test' });
  await kimRow.getByRole('button', { name: 'Take off the care team' }).click();
  await kimRow.getByRole('button', { name: 'Keep' }).waitFor();
  await kimRow.getByRole('button', { name: 'Take kim@riverside.test off' }).click();
  // kim is off the list (and now among the clinicians who can be added)
  await team.locator('ul.team').getByText('kim@riverside.test', { exact: true }).waitFor({ state: 'detached' });
  await team.locator('ul.team').getByText('lee@riverside.test', { exact: true }).waitFor();
  assert.ok(await team.getByRole('option', { name: 'kim@riverside.test' }).count());
  // kim's access ends at once; a clinician sees the team but cannot change it
  const kim = await apiAs(env, 'kim@riverside.test');
  assert.equal((await kim('GET', `/patients/${env.clinic.patientB}`)).status, 404);
  assert.equal((await kim('GET', `/patients/${env.clinic.patientC}/care-team`)).status, 200);
  const leeApi = await apiAs(env, 'lee@riverside.test');
  assert.equal((await leeApi('DELETE', `/patients/${env.clinic.patientB}/care-team/${lee}`)).status, 403);
  const bea = await apiAs(env, 'bea@riverside.test');
  assert.equal((await bea('GET', `/patients/${env.clinic.patientB}/care-team`)).status, 403);
  // and back, as the other tests' clinic had it
  env.cli('care', 'add', '--patient', env.clinic.patientB, '--clinician', env.clinic.clinician);
});

test('8. the care team reads why the first plan is as it is, with every preference it could not give', async () => {
  const intake = JSON.parse(readFileSync(join(ROOT, 'examples', 'intake.json'), 'utf8'));
  intake.leg_pain = false;
  intake.availability = { minutes_per_day: 20, days: ['mon', 'wed', 'fri'] };
  Object.assign(intake.preferences, { yoga: true, tai_chi: true, gym_equipment: true });
  const file = join(tmpdir(), `moverx-many-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(intake));
  const dana = env.cli('patient', 'add', '--name', 'Dana Many', '--birth-year', '1972', '--org', env.clinic.org).id;
  env.cli('care', 'add', '--patient', dana, '--clinician', env.clinic.clinician);
  env.cli('intake', dana, file);
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto(`/#/patients/${dana}`);
  await heading(page, 'Dana Many');
  const why = page.locator('section.plan-why');
  await why.getByRole('heading', { name: 'The first plan, as the patient read why' }).waitFor();
  const left = await why.locator('li').allTextContents();
  assert.ok(left.some((l) => /yoga .* with \d+ minutes a day, it would/.test(l)), left.join(' | '));
  assert.ok(left.some((l) => /gym equipment/.test(l)), left.join(' | '));
  await assertAccessible(page, 'the first plan and why');
  await why.scrollIntoViewIfNeeded();
  await screenshots(page, 'care-plan-why');
});
