// safety.test.mjs: red-flag triage v2 in the browser (CONTRACT.md "Red-flag
// triage (rule set v2)"): the clinic's emergency number on the emergency
// screen, triage before the intake is finished (check-in and flare), one
// meaning of "paused", check-ins that ask only what can change, and the
// crisis line with the coping rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, assertAccessible, cli, DESKTOP, heading, makeClinic, openPage, PHONE, pick, screenshot, screenshots, serverForFile, signIn } from './harness.mjs';

let env;

// The common clinic, and two more patients without an intake.
function prepare(db) {
  const clinic = makeClinic(db);
  const add = (name, email) => {
    const id = JSON.parse(cli(db, 'patient', 'add', '--name', name, '--birth-year', '1982', '--org', clinic.org)).id;
    cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', email, '--password-stdin', '--patient', id);
    cli(db, 'care', 'add', '--patient', id, '--clinician', clinic.clinician);
    return id;
  };
  clinic.patientE = add('Eve Early', 'eve@riverside.test');
  clinic.patientF = add('Fin First', 'fin@riverside.test');
  return clinic;
}

serverForFile((e) => (env = e), prepare);

const alertsOf = async (patient) => {
  const kim = await apiAs(env, 'kim@riverside.test');
  const r = await kim('GET', '/alerts');
  assert.equal(r.status, 200);
  return r.json.alerts.filter((a) => a.patient === patient);
};

test('an admin sets the emergency number and the crisis line in the clinic settings', async () => {
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'admin@riverside.test');
  await page.getByRole('link', { name: 'Clinic settings' }).click();
  await heading(page, 'Clinic settings');
  assert.equal(await page.getByLabel('Emergency number').inputValue(), '112', 'the default before it is set');
  await page.getByLabel('Emergency number').fill('call 999');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('must be a phone number').waitFor(); // refused, naming the field
  await page.getByLabel('Emergency number').fill('999');
  await page.getByLabel('Crisis line (optional)').fill('116 123');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  assert.equal(await page.getByRole('link', { name: '999' }).getAttribute('href'), 'tel:999');
  // the outgoing mail: a URL that is not SMTP is refused naming the field; the password is never shown
  await page.getByLabel('Mail server').fill('http://mail.riverside.test');
  await page.getByLabel('Send as (From address)').fill('care@riverside.test');
  await page.getByRole('button', { name: 'Save e-mail settings' }).click();
  await page.getByText('Mail server: must be smtp://').waitFor();
  await page.getByLabel('Mail server').fill('smtps://mail.riverside.test:465');
  await page.getByLabel('Password').fill('s3cret-smtp');
  await page.getByRole('button', { name: 'Save e-mail settings' }).click();
  await page.getByText('Mail server saved.').waitFor();
  await assertAccessible(page, 'clinic settings');
  await screenshot(page, 'clinic-settings');
  const admin = await apiAs(env, 'admin@riverside.test');
  const org = (await admin('GET', '/org')).json;
  assert.equal(org.emergency_number, '999');
  assert.equal(org.crisis_line, '116 123');
  const mail = (await admin('GET', '/org/mail')).json;
  assert.deepEqual([mail.smtp_url, mail.from, mail.password_set], ['smtps://mail.riverside.test:465', 'care@riverside.test', true]);
  assert.equal(JSON.stringify(mail).includes('s3cret'), false);
  // a clinician may not change them
  const kim = await apiAs(env, 'kim@riverside.test');
  assert.equal((await kim('PATCH', '/org', { emergency_number: '911' })).status, 403);
});

test('before the intake is finished, numbness around the bottom at a check-in shows the emergency screen with a call button, and the care team is alerted', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'alex@riverside.test'); // patient A: no intake yet
  await heading(page, 'Getting started');
  await page.getByRole('link', { name: 'Check-in' }).click();
  await heading(page, 'Daily check-in');
  await pick(page, 'Your back pain right now', '6');
  await page.getByLabel('Is there numbness or tingling between your legs or around your bottom?').check();
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await heading(page, 'Get help now');
  const call = page.getByRole('link', { name: 'Call 999' });
  assert.equal(await call.getAttribute('href'), 'tel:999', 'the emergency screen dials the clinic’s number');
  assert.match(await page.locator('.emergency .say').textContent(), /^Call your emergency number now/);
  await assertAccessible(page, 'emergency screen before the intake');
  await screenshots(page, 'emergency-before-intake');
  const alerts = await alertsOf(env.clinic.patientA);
  const saddle = alerts.find((a) => a.rule === 'saddle_numbness');
  assert.ok(saddle, `the care team sees the emergency: ${JSON.stringify(alerts)}`);
  assert.equal(saddle.tier, 'emergency');
  assert.match(saddle.detail, /check-in: saddle numbness/);
  // the program is stopped before it began: Today shows the emergency, not the intake
  await page.goto('/#/today');
  await heading(page, 'Get help now');
});

test('before the intake is finished, a fever ticked on the flare screen gets advice for today and reaches the care team', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'eve@riverside.test');
  await heading(page, 'Getting started');
  await page.goto('/#/flare');
  await heading(page, 'I’m having a flare');
  await pick(page, 'How bad is the pain right now?', '7');
  await page.getByLabel('Do you feel feverish, or have shivers or sweats?').check();
  await page.getByRole('button', { name: 'Switch to my flare plan' }).click();
  await page.getByText('Contact a doctor today. A high temperature, shivers or sweats').waitFor();
  await assertAccessible(page, 'urgent advice before the intake');
  const alerts = await alertsOf(env.clinic.patientE);
  assert.deepEqual(alerts.map((a) => [a.rule, a.tier, a.episode]), [['fever', 'urgent', null]], 'one urgent alert, of no episode yet');
  // without a warning sign, a check-in still needs the intake first
  const eve = await apiAs(env, 'eve@riverside.test');
  const plain = await eve('POST', `/patients/${env.clinic.patientE}/checkins`, { date: new Date().toISOString().slice(0, 10), pain: 3 });
  assert.equal(plain.status, 409);
  assert.equal(plain.json.error.code, 'no_program');
});

test('a paused patient sees no exercises and cannot log a session; check-ins go on', async () => {
  const bea = await apiAs(env, 'bea@riverside.test');
  const today = new Date().toISOString().slice(0, 10);
  const paused = await bea('POST', `/patients/${env.clinic.patientB}/triage`, { red_flags: { unexplained_weight_loss: true } });
  assert.equal(paused.status, 201);
  assert.equal(paused.json.status, 'paused');
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  await page.getByText('Contact a doctor today, if you have not yet. Your exercises are paused').waitFor();
  await page.getByText('Losing weight without trying needs to be checked').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save session' }).count(), 0, 'no session form while paused');
  assert.equal(await page.locator('section.card h2[id^="ex-"]').count(), 0, 'no exercise cards while paused');
  await assertAccessible(page, 'paused today');
  await screenshots(page, 'today-paused');
  const session = await bea('POST', `/patients/${env.clinic.patientB}/sessions`, { date: today, pain_during: 2 });
  assert.equal(session.status, 409, 'the server refuses a session too');
  assert.match(session.json.error.message, /paused/);
  // the check-in link on the paused screen works, and the check-in is taken
  await page.getByRole('link', { name: /check-in/i }).first().click();
  await heading(page, 'Daily check-in');
  await pick(page, 'Your back pain right now', '4');
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await page.getByText('Check-in saved. Thank you.').waitFor();
});

test('the clinician lifts the pause from the patient’s page, and the exercises come back', async () => {
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto(`/#/patients/${env.clinic.patientB}`);
  await heading(page, 'Bea Bright');
  await page.getByRole('heading', { name: 'The program is paused' }).waitFor();
  await assertAccessible(page, 'a paused patient in the console');
  await page.getByRole('button', { name: 'Lift the pause' }).click();
  await page.getByText('write what was done').waitFor(); // a note is needed
  await page.getByLabel('Note (what was found; kept with the plan)').fill('Seen by the GP: weight stable, bloods normal.');
  await page.getByRole('button', { name: 'Lift the pause' }).click();
  await page.getByRole('heading', { name: 'The program is paused' }).waitFor({ state: 'detached' });
  const bea = await apiAs(env, 'bea@riverside.test');
  const t = await bea('GET', `/patients/${env.clinic.patientB}/today`);
  assert.notEqual(t.json.status, 'paused');
  assert.ok(t.json.items.length + (t.json.walking ? 1 : 0) > 0 || t.json.status === 'rest_day');
});

test('the check-in asks only what can change: no lifetime questions, a fever, a fall and a weaker leg', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'fin@riverside.test'); // no intake yet: the signs still reach the care team
  await heading(page, 'Getting started');
  await page.goto('/#/checkin');
  await heading(page, 'Daily check-in');
  const labels = (await page.getByRole('group', { name: 'Anything new or worrying? Tick any that apply' }).locator('label').allTextContents()).join(' | ');
  assert.match(labels, /feverish/);
  assert.match(labels, /infection in the last few weeks/);
  for (const lifetime of [/ever had cancer/, /injected drugs/, /thin bones/, /steroid tablets/, /weakens your immune system/])
    assert.doesNotMatch(labels, lifetime, 'a standing question is asked once, at the intake');
  await page.getByLabel('Your temperature, if you took it (optional)').waitFor();
  // the choice answers asked at every check-in: a fall since the last one, a weaker leg
  await page.getByLabel('Since your last check-in, have you had a fall, a knock or a strain?').selectOption('minor');
  await page.getByLabel('Is there weakness in a leg?').selectOption('progressive');
  await pick(page, 'Your back pain right now', '5');
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await page.getByText('A leg that keeps getting weaker').waitFor();
  const alerts = await alertsOf(env.clinic.patientF);
  assert.ok(alerts.some((a) => a.rule === 'progressive_weakness' && /leg weakness progressive/.test(a.detail)), JSON.stringify(alerts));
});

test('struggling to cope gets the crisis line, and a repeated sign adds to the one open alert', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'cal@riverside.test');
  await heading(page, 'Today');
  await page.goto('/#/checkin');
  await heading(page, 'Daily check-in');
  await pick(page, 'Your back pain right now', '5');
  await page.getByLabel('Are you finding it very hard to cope?').check();
  await page.getByRole('button', { name: 'Save check-in' }).click();
  const crisis = page.getByRole('link', { name: 'call 116 123' });
  await crisis.waitFor();
  assert.equal(await crisis.getAttribute('href'), 'tel:116123');
  await assertAccessible(page, 'coping with the crisis line');
  await screenshot(page, 'checkin-coping');
  // coping is a yellow flag: the program goes on
  const cal = await apiAs(env, 'cal@riverside.test');
  const t = await cal('GET', `/patients/${env.clinic.patientC}/today`);
  assert.notEqual(t.json.status, 'paused');
  // the same sign again, reported any time: one alert, two occurrences
  await cal('POST', `/patients/${env.clinic.patientC}/triage`, { red_flags: { struggling_to_cope: true } });
  const coping = (await alertsOf(env.clinic.patientC)).filter((a) => a.rule === 'coping');
  assert.equal(coping.length, 1);
  assert.equal(coping[0].occurrences, 2);
});

test('the console shows an alert’s answers line by line and how often it fired', async () => {
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto('/#/alerts');
  await heading(page, 'Alerts');
  await page.getByText('Reported 2 times').first().waitFor();
  await page.getByText(/check-in: struggling to cope/).first().waitFor();
  await assertAccessible(page, 'alert queue with occurrences');
});
