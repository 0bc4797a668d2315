// alerts.test.mjs: the care team's queue at scale: alerts grouped by patient,
// filtered by tier, state and name, and acknowledged in bulk (those ticked,
// or all of one patient's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, apiAs, assertAccessible, heading, openPage, screenshots, signIn, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

test('filters, groups by patient and acknowledges in bulk', async () => {
  const today = new Date().toISOString().slice(0, 10);
  // Bea reports two warning signs (urgent), Cal one, on top of the intake's routine alerts
  const bea = await apiAs(env, 'bea@riverside.test');
  const cal = await apiAs(env, 'cal@riverside.test');
  assert.equal((await bea('POST', `/patients/${env.clinic.patientB}/checkins`, { date: today, pain: 5, red_flags: { thoracic_pain: true, night_pain_unrelieved: true } })).status, 201);
  assert.equal((await cal('POST', `/patients/${env.clinic.patientC}/checkins`, { date: today, pain: 4, red_flags: { unexplained_weight_loss: true } })).status, 201);
  const kimApi = await apiAs(env, 'kim@riverside.test');
  const open = async () => (await kimApi('GET', '/alerts')).json.alerts.filter((a) => a.status === 'open');
  const before = await open();
  const beaOpen = before.filter((a) => a.patient === env.clinic.patientB).length;
  assert.ok(beaOpen >= 2 && before.length > beaOpen, `alerts for both: ${before.map((a) => a.rule)}`);

  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  // the panel first: the week's pain, the sessions of two weeks and the open tasks, a patient a row
  const beaRow = page.getByRole('row', { name: /Bea Bright/ });
  const cells = await beaRow.getByRole('cell').allTextContents();
  assert.equal(cells[4], '5', `Bea's pain this week: ${cells}`);
  assert.equal(cells[5], '0', 'no session in the last two weeks');
  assert.ok(Number(cells[6]) >= 1, `open tasks: ${cells}`);
  await page.getByRole('link', { name: 'Alerts' }).click();
  await heading(page, 'Alerts');
  const groups = page.locator('section.alert-group');
  assert.equal(await groups.count(), 2, 'one group a patient');
  await page.getByLabel('Patient’s name').fill('bea');
  await page.getByRole('status').getByText(`${beaOpen} of ${before.length} alerts, 1 patients`).waitFor();
  assert.equal(await groups.count(), 1);
  await page.getByLabel('Patient’s name').fill('');
  await page.getByLabel('Tier').selectOption('urgent');
  assert.ok((await page.locator('section.card .tier-routine').count()) === 0, 'only urgent ones');
  await page.getByLabel('Tier').selectOption('');
  await assertAccessible(page, 'alerts, grouped and filtered');
  await screenshots(page, 'alerts-grouped');

  // tick one of Cal's and acknowledge the ticked
  const calGroup = page.locator('section.alert-group', { hasText: 'Cal Calm' });
  await calGroup.getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Acknowledge selected (1)' }).click();
  await heading(page, 'Alerts');
  await page.waitForFunction(() => document.querySelector('.bulk button')?.textContent === 'Acknowledge selected (0)');
  assert.equal((await open()).filter((a) => a.patient === env.clinic.patientC).length, before.filter((a) => a.patient === env.clinic.patientC).length - 1);

  // all of Bea's open alerts at once
  await page.locator('section.alert-group', { hasText: 'Bea Bright' }).getByRole('button', { name: `Acknowledge all ${beaOpen} open` }).click();
  await page.locator('section.alert-group', { hasText: 'Bea Bright' }).getByRole('button', { name: /Acknowledge all/ }).waitFor({ state: 'detached' });
  assert.equal((await open()).filter((a) => a.patient === env.clinic.patientB).length, 0);
  await page.getByLabel('State').selectOption('acknowledged');
  assert.ok((await page.locator('section.card').count()) >= beaOpen + 1);
});
