// pages.test.mjs: the screens the five journeys do not reach, each used for
// what it is for and checked by axe-core, with screenshots at phone and
// desktop widths: the patient's flare screen, lessons, a lesson, messages and
// "my data"; the care team's outcomes, a clinician's new-patient form, and a
// patient's message seen on the patient's page. Every page a test opens must
// end it with no console error and no page error (afterEach).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, apiAs, assertAccessible, heading, openPage, pick, screenshots, signIn, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

const MESSAGE = 'Is it all right to garden at the weekend?';

test('the patient’s lessons, a lesson, messages, my data, and the flare screen', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lessons' }).click();
  await heading(page, 'Lessons');
  const lessons = page.locator('main li a');
  assert.ok((await lessons.count()) >= 10, 'the lessons are listed');
  await assertAccessible(page, 'lessons');
  await screenshots(page, 'lessons');
  await page.getByRole('link', { name: 'Handling a Flare-Up' }).click();
  await heading(page, 'Handling a Flare-Up');
  assert.equal(await page.locator('main h1').count(), 1, 'the lesson’s own title is not a second h1');
  assert.ok((await page.locator('main article p').count()) > 2, 'the lesson has its text');
  await assertAccessible(page, 'a lesson');
  await screenshots(page, 'lesson');
  await page.getByRole('link', { name: 'All lessons' }).click();
  await heading(page, 'Lessons');

  // the mood lesson puts the clinic's own numbers where the reader needs help
  // now: first none set (where to find one, and the emergency number), then
  // the crisis line the admin sets, as a button that dials
  await page.getByRole('link', { name: 'Mood, Stress and Where to Get Help' }).click();
  await heading(page, 'Mood, Stress and Where to Get Help');
  const help = page.locator('main .help-lines');
  assert.match(await help.textContent(), /cannot keep yourself safe, call the emergency number/);
  assert.equal(await help.getByRole('link', { name: 'Call 112' }).getAttribute('href'), 'tel:112');
  assert.doesNotMatch(await page.locator('main article').textContent(), /\{\{/);
  env.cli('org', 'set', env.clinic.org, '--crisis-line', '116 123', '--emergency-number', '999');
  await page.goto('/#/today');
  await heading(page, 'Today');
  await page.reload(); // the app reads the clinic's numbers once a page load
  await heading(page, 'Today');
  await page.goto('/#/lessons/mood-stress-help');
  await heading(page, 'Mood, Stress and Where to Get Help');
  assert.equal(await help.getByRole('link', { name: 'call 116 123' }).getAttribute('href'), 'tel:116123');
  assert.equal(await help.getByRole('link', { name: 'Call 999' }).getAttribute('href'), 'tel:999');
  await assertAccessible(page, 'the mood lesson with the clinic’s numbers');
  await screenshots(page, 'lesson-help');

  await page.goto('/#/messages');
  await heading(page, 'Messages');
  await page.getByText('No messages yet.').waitFor();
  await assertAccessible(page, 'messages, none yet');
  await page.getByLabel('Your message').fill(MESSAGE);
  await page.getByRole('button', { name: 'Send' }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await log.getByText(MESSAGE).waitFor();
  assert.match(await log.textContent(), /You ·/);
  assert.equal(await page.getByLabel('Your message').inputValue(), '', 'the box is emptied once sent');
  await assertAccessible(page, 'messages, one sent');
  await screenshots(page, 'messages');
  const kim = await apiAs(env, 'kim@riverside.test');
  const { json } = await kim('GET', `/patients/${env.clinic.patientB}/messages`);
  assert.deepEqual(json.messages.map((m) => m.body), [MESSAGE]);

  await page.goto('/#/data');
  await heading(page, 'My data');
  const download = page.getByRole('link', { name: 'Download my data' });
  const href = await download.getAttribute('href');
  assert.equal(href, `/api/v1/patients/${env.clinic.patientB}/export`);
  const exported = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, text: await r.text() };
  }, href);
  assert.equal(exported.status, 200);
  assert.ok(exported.text.includes(MESSAGE), 'the export holds the message just sent');
  await assertAccessible(page, 'my data');
  await screenshots(page, 'data');

  await page.goto('/#/today');
  await heading(page, 'Today');
  await page.getByRole('link', { name: 'I’m having a flare' }).click();
  await heading(page, 'I’m having a flare');
  await assertAccessible(page, 'flare');
  await screenshots(page, 'flare');
  await pick(page, 'How bad is the pain right now?', '7');
  await page.getByRole('button', { name: 'Switch to my flare plan' }).click();
  const plan = page.getByRole('status').filter({ hasText: 'Your flare plan' });
  await plan.waitFor();
  assert.ok((await plan.locator('li').count()) >= 1, 'the flare plan’s exercises are listed');
  await assertAccessible(page, 'flare plan');
  await plan.getByRole('link', { name: 'See today’s gentler plan' }).click();
  await heading(page, 'Today');
  await page.getByText('This is your flare plan').waitFor();
  // the flare advice each card once repeated is said once
  const notes = await page.locator('main .notice').allTextContents();
  const seen = new Map();
  for (const n of notes) for (const line of n.split(/(?<=\.)\s+/)) if (line.length > 20) seen.set(line, (seen.get(line) || 0) + 1);
  const repeated = [...seen].filter(([, k]) => k > 1);
  assert.deepEqual(repeated, [], `flare advice said more than once: ${JSON.stringify(repeated)}`);
});

test('the care team’s outcomes, a clinician’s new patient, and the patient’s page with a message', async () => {
  const bea = await apiAs(env, 'bea@riverside.test');
  const sent = await bea('POST', `/patients/${env.clinic.patientB}/messages`, { body: 'A question about my walks.' });
  assert.equal(sent.status, 201);

  const { page: kim } = await openPage(env, DESKTOP);
  await signIn(kim, 'kim@riverside.test');
  await heading(kim, 'Patients');
  await kim.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outcomes' }).click();
  await heading(kim, 'Outcomes');
  assert.match(await kim.locator('main').textContent(), /Up to .+, \d+ patients\./);
  assert.ok((await kim.locator('main .stat').count()) >= 6, 'the outcome figures are shown');
  await assertAccessible(kim, 'outcomes');
  await screenshots(kim, 'outcomes');

  // A clinician (not an admin) adds a patient and invites them: no admin needed; with no
  // clinic mail set, the link is shown to pass on
  await kim.goto('/#/new-patient');
  await heading(kim, 'New patient');
  assert.equal(await kim.getByLabel('Clinician on the care team').count(), 0);
  await kim.getByLabel('Full name').fill('Dee Dawson');
  await kim.getByLabel('Year of birth').fill('1975');
  await kim.getByLabel('Patient’s e-mail address (for the invitation)').fill('dee.dawson@riverside.test');
  await assertAccessible(kim, 'new patient (clinician)');
  await kim.getByRole('button', { name: 'Add patient' }).click();
  const done = kim.getByRole('status').filter({ hasText: 'Dee Dawson has been added.' });
  await done.waitFor();
  assert.match(await kim.locator('a.invite-link').textContent(), /\/#\/invite\/[0-9a-f]{64}$/);
  await assertAccessible(kim, 'new patient added (clinician)');

  await kim.goto(`/#/patients/${env.clinic.patientB}`);
  await heading(kim, 'Bea Bright');
  await kim.getByRole('log', { name: 'Conversation' }).getByText('A question about my walks.').waitFor();
  await assertAccessible(kim, 'patient detail with a message');
});

test('the care team reads what the patient did and said: items done, what hurt, notes, what helped', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const { items } = env.cli('today', env.clinic.patientC, '--date', today);
  const [first, second] = items.map((i) => i.exercise);
  env.cli('checkin', env.clinic.patientC, '--date', today, '--pain', '4', '--feel-better', 'heat,bath', '--get-better', 'walking');
  env.cli('log', env.clinic.patientC, '--date', today, '--pain-during', '5', '--item', `${first}=yes,pain=6`, '--item', `${second}=no`, '--note', 'The second one pinched, so I left it.');
  const { page: kim } = await openPage(env, DESKTOP);
  await signIn(kim, 'kim@riverside.test');
  await heading(kim, 'Patients');
  await kim.goto(`/#/patients/${env.clinic.patientC}`);
  await heading(kim, 'Cal Calm');
  const session = kim.locator('table tr', { hasText: '“The second one pinched, so I left it.”' });
  await session.waitFor();
  const text = await session.textContent();
  assert.match(text, new RegExp(`of ${items.length + 1} done|of ${items.length} done`));
  assert.match(text, /skipped: /);
  assert.match(text, /: pain 6/);
  const checkin = kim.locator('table tr', { hasText: 'A warm bath' });
  assert.match(await checkin.textContent(), /Heat, A warm bath.*A walk/);
  await assertAccessible(kim, 'patient detail with sessions and check-ins');
  await screenshots(kim, 'care-patient-sessions');
});

test('a session saved without its pain score says so where the eye is, on a phone', async () => {
  const { page } = await openPage(env, { width: 390, height: 844 });
  await signIn(page, 'cal@riverside.test');
  await heading(page, 'Today');
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'choose how much pain you had' });
  await alert.waitFor();
  const box = await alert.boundingBox();
  const focused = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
  assert.ok(box.y >= 0 && box.y + box.height <= 844, `the message is on the screen: ${JSON.stringify(box)}`);
  assert.ok(Math.abs(box.y - focused) < 400, 'beside the scale the focus went to');
});

test('on a phone the header is one row: the navigation scrolls sideways', async () => {
  for (const width of [320, 390]) {
    const { page } = await openPage(env, { width, height: 844 });
    await signIn(page, 'bea@riverside.test');
    await heading(page, 'Today');
    const box = await page.locator('header.top').boundingBox();
    assert.ok(box.height <= 64, `the header takes ${box.height} px of 844 at ${width} px`);
    // every item still reachable: the last one scrolls into view when focused
    const last = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' });
    await last.focus();
    const b = await last.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= width + 1, `Sign out in view at ${width} px: ${JSON.stringify(b)}`);
    await assertAccessible(page, `today at ${width} px`);
  }
});

test('unread messages show as a badge on both sides, with who wrote them, until read', async () => {
  const kimApi = await apiAs(env, 'kim@riverside.test');
  assert.equal((await kimApi('POST', `/patients/${env.clinic.patientC}/messages`, { body: 'How did the new walk go?' })).status, 201);
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'cal@riverside.test');
  await heading(page, 'Today');
  const messagesLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages, 1 unread' });
  await messagesLink.waitFor();
  await messagesLink.click();
  await heading(page, 'Messages');
  const msg = page.locator('.msg', { hasText: 'How did the new walk go?' });
  assert.match(await msg.textContent(), /kim@riverside\.test, your care team/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages', exact: true }).waitFor(); // read: no badge
  await page.getByLabel('Your message').fill('Fine, 15 minutes without stopping.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.msg.mine', { hasText: 'Fine, 15 minutes' }).waitFor();

  const { page: kim } = await openPage(env, DESKTOP);
  await signIn(kim, 'kim@riverside.test');
  await heading(kim, 'Patients');
  await kim.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages, 1 unread' }).click();
  await heading(kim, 'Messages');
  const row = kim.getByRole('row', { name: /Cal Calm/ });
  assert.match(await row.textContent(), /1 unread/);
  await assertAccessible(kim, 'inbox with an unread message');
  await row.getByRole('link', { name: 'Cal Calm' }).click();
  await kim.locator('.msg', { hasText: 'Fine, 15 minutes' }).waitFor();
  await kim.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages', exact: true }).waitFor();
});
