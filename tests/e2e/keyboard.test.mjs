// keyboard.test.mjs: the app used with the keyboard alone (page.keyboard:
// Tab, Shift+Tab, Enter, Space, arrow keys, and typing into the focused
// field; no clicks, no fill). At each step the test asserts what has the
// focus and that the focus is visible: the element matches :focus-visible,
// draws an outline or a box-shadow (for the app's visually hidden radio
// buttons, the face drawn beside them), and is inside the viewport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PASSWORD, PHONE, apiAs, heading, openPage, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

// The focused element: what it is, its name (aria-label, its label, or its
// text), and whether its focus can be seen.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const text = (n) => (n?.textContent || '').replace(/\s+/g, ' ').trim();
    const name = el.getAttribute('aria-label') || (el.labels?.length ? text(el.labels[0]) : text(el));
    const face = el.matches('.choices input') ? el.nextElementSibling : el;
    const s = getComputedStyle(face);
    const transparent = (c) => c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor);
    const r = face.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      name,
      value: typeof el.value === 'string' ? el.value : null,
      checked: typeof el.checked === 'boolean' ? el.checked : null,
      group: text(el.closest('fieldset')?.querySelector('legend')),
      role: el.getAttribute('role'),
      hash: location.hash,
      visible: el.matches(':focus-visible') && (outline || s.boxShadow !== 'none') && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    };
  });
}

const show = (f) => `<${f.tag}${f.type ? ` type=${f.type}` : ''}> "${f.name}"${f.group ? ` in "${f.group}"` : ''}`;

function expectFocus(f, expected) {
  for (const [k, v] of Object.entries(expected))
    if (v instanceof RegExp) assert.match(f[k], v, `focus on ${show(f)}: ${k}`);
    else assert.equal(f[k], v, `focus on ${show(f)}: ${k}`);
  return f;
}

// A key that moves the focus (or changes the focused control); the focus
// must stay visible.
async function press(page, key, expected = {}) {
  await page.keyboard.press(key);
  const f = await focused(page);
  assert.ok(f.visible, `after ${key}, ${show(f)} has the focus but no visible focus indicator`);
  return expectFocus(f, expected);
}

// Tab until the focus reaches an element matching `until`, at most `max`
// presses; every stop must show its focus. Returns the stops, the last one
// the element reached.
async function tabTo(page, until, max, onStop = async () => {}) {
  const stops = [];
  for (let i = 0; i < max; i++) {
    const f = await press(page, 'Tab');
    stops.push(f);
    if (until(f)) return stops;
    await onStop(f);
  }
  assert.fail(`${max} presses of Tab did not reach the element; stopped at: ${stops.map(show).join(', ')}`);
}

async function signInByKeyboard(page, email) {
  await page.goto('/#/signin');
  await heading(page, 'Sign in');
  expectFocus(await focused(page), { tag: 'h1', name: 'Sign in' });
  await press(page, 'Tab', { tag: 'input', type: 'email', name: 'E-mail address' });
  await page.keyboard.type(email);
  await press(page, 'Tab', { tag: 'input', type: 'password', name: 'Password' });
  await page.keyboard.type(PASSWORD);
  await press(page, 'Tab', { tag: 'button', name: 'Sign in' });
  await page.keyboard.press('Enter');
}

// The main navigation's names, in order.
const navNames = (page) => page.locator('#nav a, #nav button').allTextContents();

test('a patient signs in, logs today’s session and sends a check-in with the keyboard alone', async () => {
  const { page } = await openPage(env, PHONE);
  await signInByKeyboard(page, 'bea@riverside.test');
  await heading(page, 'Today');
  expectFocus(await focused(page), { tag: 'h1', name: 'Today' });

  // Today's session: every "I did" box ticked with Space on the way down.
  await press(page, 'Tab', { tag: 'a', name: 'I’m having a flare' });
  const boxes = await page.getByRole('checkbox', { name: /^I did / }).count();
  assert.ok(boxes >= 2, 'the plan has exercises and a walk');
  const ticked = [];
  const stops = await tabTo(page, (f) => f.type === 'radio', 80, async (f) => {
    if (f.type === 'checkbox' && f.name.startsWith('I did ')) {
      const after = await press(page, 'Space', { name: f.name, checked: true });
      ticked.push(after.name);
    }
  });
  assert.equal(ticked.length, boxes, `every "I did" box was reached and ticked: ${ticked}`);
  assert.ok(stops.some((f) => f.tag === 'summary' && f.name === 'How to do it'), 'an exercise’s steps open from the keyboard');
  assert.ok(stops.some((f) => f.tag === 'button' && /^One more rep for /.test(f.name)), 'the rep counter is reachable');
  // A group of radio buttons is one Tab stop; the arrows choose.
  expectFocus(stops.at(-1), { group: 'Pain during the exercises', name: '0', checked: false });
  await press(page, 'ArrowRight', { group: 'Pain during the exercises', name: '1', checked: true });
  await press(page, 'ArrowRight', { group: 'Pain during the exercises', name: '2', checked: true });
  await press(page, 'Tab', { group: 'How hard was it?', name: 'Too easy', checked: false });
  await press(page, 'ArrowRight', { group: 'How hard was it?', name: 'About right', checked: true });
  await press(page, 'Tab', { tag: 'textarea', name: 'Anything to add? (optional)' });
  await page.keyboard.type('Fine, a little stiff at first.');
  await press(page, 'Tab', { tag: 'button', name: 'Save today’s session' });
  await page.keyboard.press('Enter');
  await page.getByText('Session saved. Well done.').waitFor();
  expectFocus(await focused(page), { role: 'status', name: /^Session saved\. Well done\./ });

  const bea = await apiAs(env, 'bea@riverside.test');
  const progress = (await bea('GET', `/patients/${env.clinic.patientB}/progress`)).json;
  assert.equal(progress.sessions.length, 1);
  assert.equal(progress.sessions[0].pain_during, 2);
  assert.equal(progress.sessions[0].difficulty, 'right');

  // On to the check-in by its link below the session.
  await tabTo(page, (f) => f.name === 'Do your daily check-in', 6);
  await page.keyboard.press('Enter');
  await heading(page, 'Daily check-in');
  expectFocus(await focused(page), { tag: 'h1', name: 'Daily check-in', hash: '#/checkin' });

  // Back up through the navigation to the skip link, which returns to the
  // page's content without leaving the page.
  for (const name of (await navNames(page)).reverse()) await press(page, 'Shift+Tab', { name });
  await press(page, 'Shift+Tab', { tag: 'a', name: 'Skip to content' });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(100); // a wrong route would render by now
  expectFocus(await focused(page), { tag: 'h1', name: 'Daily check-in', hash: '#/checkin' });

  await press(page, 'Tab', { group: 'Your back pain right now', name: '0', checked: false });
  for (const n of ['1', '2', '3']) await press(page, 'ArrowRight', { group: 'Your back pain right now', name: n, checked: true });
  await press(page, 'Tab', { group: 'Pain this morning, after yesterday’s exercises (optional)', name: '0', checked: false });
  for (const n of ['1', '2']) await press(page, 'ArrowRight', { name: n, checked: true });
  await press(page, 'Tab', { group: 'How stiff is your back this morning? (optional)', name: '0', checked: false }); // left unanswered
  await press(page, 'Tab', { tag: 'input', type: 'number', name: 'Minutes you walked yesterday (your walking log)' });
  await page.keyboard.type('20');
  await press(page, 'Tab', { group: 'How well did you sleep? (optional)', name: '0', checked: false }); // left unanswered
  await tabTo(page, (f) => f.type === 'checkbox' && f.name === 'A walk', 20, async (f) => assert.equal(f.checked, false, show(f)));
  await press(page, 'Space', { name: 'A walk', checked: true });
  // nothing else ticked on the way (a select has no checked state)
  await tabTo(page, (f) => f.tag === 'button' && f.name === 'Save check-in', 90, async (f) => assert.notEqual(f.checked, true, show(f)));
  await page.keyboard.press('Enter');
  await page.getByText('Check-in saved. Thank you.').waitFor();
  expectFocus(await focused(page), { role: 'status', name: /^Check-in saved\. Thank you\./ });

  const after = (await bea('GET', `/patients/${env.clinic.patientB}/progress`)).json;
  const checkin = after.pain.at(-1);
  assert.equal(checkin.pain, 3);
  assert.equal(checkin.next_morning_pain, 2);
  assert.equal(checkin.walk_minutes, 20);
  assert.equal(checkin.sleep ?? null, null);
});

test('a clinician acknowledges an alert and resolves it with a note with the keyboard alone', async () => {
  // Cal has a routine alert from the intake; a new warning sign opens an
  // urgent one, which heads the queue.
  const cal = await apiAs(env, 'cal@riverside.test');
  const today = new Date().toISOString().slice(0, 10);
  const r = await cal('POST', `/patients/${env.clinic.patientC}/checkins`, { date: today, pain: 4, red_flags: { unexplained_weight_loss: true } });
  assert.equal(r.status, 201);
  assert.equal(r.json.alerts.length, 1);
  const kim = await apiAs(env, 'kim@riverside.test');
  const alerts = async () => (await kim('GET', `/patients/${env.clinic.patientC}/progress`)).json.alerts.map((a) => `${a.tier} ${a.status}`).sort();
  assert.deepEqual(await alerts(), ['routine open', 'urgent open']);

  const { page } = await openPage(env, DESKTOP);
  await signInByKeyboard(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  expectFocus(await focused(page), { tag: 'h1', name: 'Patients' });
  // Shift+Tab back along the navigation (last item first) to Alerts.
  const nav = await navNames(page);
  for (const name of nav.slice(nav.indexOf('Alerts')).reverse()) await press(page, 'Shift+Tab', { name });
  await page.keyboard.press('Enter');
  await heading(page, 'Alerts');
  expectFocus(await focused(page), { tag: 'h1', name: 'Alerts', hash: '#/alerts' });
  const urgent = page.locator('section.card:has(.tier-urgent)');
  assert.equal(await page.locator('section.card').first().locator('.tier-urgent').count(), 1, 'the urgent alert heads the queue');

  // the filters first, then the patient's group (the bulk button is off until one is ticked)
  await press(page, 'Tab', { tag: 'select', name: 'Tier' });
  await press(page, 'Tab', { tag: 'select', name: 'State' });
  await press(page, 'Tab', { tag: 'input', name: 'Patient’s name' });
  await press(page, 'Tab', { tag: 'a', name: 'Cal Calm' });
  await press(page, 'Tab', { tag: 'button', name: 'Acknowledge all 2 open' });
  await press(page, 'Tab', { tag: 'input', type: 'checkbox', name: 'Select this alert of Cal Calm', checked: false });
  await press(page, 'Tab', { tag: 'button', name: 'Acknowledge' });
  await page.keyboard.press('Space');
  await urgent.getByText(/· acknowledged/).waitFor();
  assert.deepEqual(await alerts(), ['routine open', 'urgent acknowledged']);
  // The queue is drawn again; the focus is on its heading, not lost.
  expectFocus(await focused(page), { tag: 'h1', name: 'Alerts' });

  for (const [tag, name] of [['select', 'Tier'], ['select', 'State'], ['input', 'Patient’s name'], ['a', 'Cal Calm']]) await press(page, 'Tab', { tag, name });
  await press(page, 'Tab', { tag: 'summary', name: 'Resolve with a note' });
  await page.keyboard.press('Enter');
  await press(page, 'Tab', { tag: 'textarea', name: 'Note (what was done)' });
  await page.keyboard.type('Phoned Cal; GP appointment booked for Monday.');
  await press(page, 'Tab', { tag: 'input', type: 'checkbox', name: 'Also resume the paused program', checked: false });
  await press(page, 'Tab', { tag: 'button', name: 'Resolve' });
  await page.keyboard.press('Enter');
  await urgent.waitFor({ state: 'detached' });
  assert.deepEqual(await alerts(), ['routine open', 'urgent resolved']);
  expectFocus(await focused(page), { tag: 'h1', name: 'Alerts' });
});
