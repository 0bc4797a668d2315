// offline.test.mjs: a phone that loses its connection and gets it back
// without the page being reloaded: today's session and a check-in made
// offline (the check-in screen itself opened offline) are sent when the
// browser is back online, once each; a warning sign ticked offline is
// answered at once with what to do, and the server's triage of it is shown
// when it arrives. And the patient's calendar day, not UTC's, dates what is
// logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, apiAs, assertAccessible, heading, openPage, pick, screenshot, signIn, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

test('a session and a check-in made offline are sent once back online, without a reload, and the check-in’s triage is shown then', async () => {
  const cal = await apiAs(env, 'cal@riverside.test');
  const counts = async () => {
    const p = (await cal('GET', `/patients/${env.clinic.patientC}/progress`)).json;
    return [p.sessions.length, p.pain.length];
  };
  const { context, page } = await openPage(env, PHONE);
  await signIn(page, 'cal@riverside.test');
  await heading(page, 'Today');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // today's plan through the service worker, which keeps what the check-in needs
  await heading(page, 'Today');
  const kept = () => page.evaluate(async () => Boolean(await (await caches.open('mrx-data')).match('/api/v1/checkin-questions')));
  for (let i = 0; i < 50 && !(await kept()); i++) await page.waitForTimeout(100);
  assert.ok(await kept(), 'the check-in questions are kept for offline use');

  await context.setOffline(true);
  for (const box of await page.getByRole('checkbox', { name: /^I did / }).all()) await box.check();
  await pick(page, 'Pain during the exercises', '3');
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  await page.getByText('Saved on this phone. It will be sent when you are back online.').waitFor();

  await page.getByRole('link', { name: 'Do your daily check-in' }).click();
  await heading(page, 'Daily check-in');
  await pick(page, 'Your back pain right now', '4');
  await page.getByLabel('Have you lost weight without trying?').check();
  await page.getByRole('button', { name: 'Save check-in' }).click();
  // offline, a warning sign gets plain advice at once
  await heading(page, 'Check this first');
  assert.match(await page.locator('main').textContent(), /Call your emergency number now/);
  await assertAccessible(page, 'offline safety advice');
  await screenshot(page, 'offline-safety');
  assert.match(await page.locator('#status').textContent(), /2 entries are waiting to be sent/);
  assert.deepEqual(await counts(), [0, 0]);

  // back online: the outbox sends both, once, on the 'online' event
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await heading(page, 'About your check-in');
  assert.match(await page.getByRole('alert').textContent(), /^Contact a doctor today./);
  for (let i = 0; i < 50 && /waiting/.test(await page.locator('#status').textContent()); i++) await page.waitForTimeout(100);
  assert.doesNotMatch(await page.locator('#status').textContent(), /waiting/);
  assert.deepEqual(await counts(), [1, 1]);
  await assertAccessible(page, 'the late triage');
});

test('what a patient logs is dated by their own clock, not UTC', async () => {
  // Kiritimati is UTC+14: for most of the UTC day its date is a day ahead
  const context = await env.browser.newContext({ viewport: PHONE, baseURL: env.base, timezoneId: 'Pacific/Kiritimati' });
  try {
    const page = await context.newPage();
    const local = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
    await signIn(page, 'bea@riverside.test');
    await heading(page, 'Today');
    const shown = await page.locator('main .muted').first().textContent();
    const day = Number(local.slice(8, 10));
    assert.match(shown, new RegExp(`\\b${day}\\b`), `today's plan is for ${local}: ${shown}`);
    for (const box of await page.getByRole('checkbox', { name: /^I did / }).all()) await box.check();
    await pick(page, 'Pain during the exercises', '2');
    await page.getByRole('button', { name: 'Save today’s session' }).click();
    await page.getByText('Session saved. Well done.').waitFor();
    const bea = await apiAs(env, 'bea@riverside.test');
    const { sessions } = (await bea('GET', `/patients/${env.clinic.patientB}/progress?date=${local}`)).json;
    assert.deepEqual(sessions.map((s) => s.date), [local]);
  } finally {
    await context.close();
  }
});
