// reminders.test.mjs: Bea sets her reminders on her phone (in Berlin), is
// told plainly when a time falls in her quiet hours, adds her sessions to her
// calendar and later stops the feed. What a calendar app would fetch is read
// here with no cookies at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, assertAccessible, heading, openPage, screenshots, signIn, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

test('a patient sets her reminders and subscribes her calendar, then stops it', async () => {
  const { page } = await openPage(env, PHONE, { timezoneId: 'Europe/Berlin' });
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  await page.getByRole('link', { name: 'Reminders and calendar' }).click();
  await heading(page, 'Reminders');
  await page.getByText('In your time zone: Europe/Berlin.').waitFor();

  // a reminder inside the quiet hours could never be sent: said, and the field marked
  await page.getByLabel('Time of day').fill('23:30');
  await page.getByLabel('From').fill('22:00');
  await page.getByLabel('Until').fill('07:00');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  const error = page.getByRole('alert').filter({ hasText: 'quiet hours' });
  await error.waitFor();
  assert.match(await error.textContent(), /^Time of day: 23:30 is inside your quiet hours \(22:00 to 07:00\)/);
  assert.equal(await page.getByLabel('Time of day').getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Time of day').fill('07:30');
  await page.getByLabel('Tuesday').check();
  await page.getByLabel('Thursday').check();
  await page.getByRole('button', { name: 'Save reminders' }).click();
  await page.getByText('Saved. Your reminders are at 07:30.').waitFor();
  await assertAccessible(page, 'reminders');

  // the calendar: the address, shown once, and a way into each app
  await page.getByRole('button', { name: 'Add to my calendar' }).click();
  await page.getByText('Your calendar address is ready').waitFor();
  const address = await page.getByLabel('Your private calendar address').inputValue();
  assert.match(address, /\/cal\/[0-9a-f]{64}\.ics$/);
  assert.match(await page.getByRole('link', { name: 'Apple Calendar (iPhone, iPad, Mac)' }).getAttribute('href'), /^webcal:\/\//);
  assert.match(await page.getByRole('link', { name: 'Google Calendar' }).getAttribute('href'), /^https:\/\/calendar\.google\.com\/calendar\/r\?cid=webcal/);
  await assertAccessible(page, 'calendar set-up');
  await screenshots(page, 'reminders');

  const feed = await fetch(address);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  const ics = await feed.text();
  assert.match(ics, /\r\nTZID:Europe\/Berlin\r\n/);
  assert.match(ics, /\r\nDTSTART;TZID=Europe\/Berlin:\d{8}T073000\r\n/);
  assert.match(ics, /BYDAY=(TU,TH|TU|TH)\r\n/);
  assert.doesNotMatch(ics, /Bea|Bright/);

  // stopping takes a second tap; then the address is gone
  await page.getByRole('button', { name: 'Stop the calendar' }).click();
  await page.getByRole('button', { name: 'Tap again to stop it' }).click();
  await page.getByText('Stopped.').waitFor();
  assert.equal((await fetch(address)).status, 404);

  // back later, on a desktop: the settings are as she left them
  await page.setViewportSize(DESKTOP);
  await page.reload();
  await heading(page, 'Reminders');
  assert.equal(await page.getByLabel('Time of day').inputValue(), '07:30');
  assert.ok(await page.getByLabel('Tuesday').isChecked());
  assert.equal(await page.getByLabel('From').inputValue(), '22:00');
});
