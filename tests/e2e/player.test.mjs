// player.test.mjs: the guided session. Bea starts it from Today with the
// keyboard: each exercise is shown and then counted for her (repetitions at
// the demonstration's tempo, holds and rests counted down, sides in turn),
// with beeps and the screen kept awake. She pauses, skips one exercise, and
// at the end ticks what hurt; Today's form opens with her answers filled in
// and the session is saved with them. Time runs on the page's fake clock.
// Every page is checked by axe-core and ends with no console or page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, apiAs, assertAccessible, assertNoProblems, heading, openPage, screenshot, serverForFile, signIn } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

// Watches (without replacing) what the page asks of the browser: screen wake locks and tones.
const spies = () => {
  window.__wake = 0;
  window.__tones = 0;
  window.__said = [];
  if (window.speechSynthesis) {
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (u) => {
      window.__said.push(u.text);
      return speak(u);
    };
  }
  const wl = navigator.wakeLock;
  if (wl) {
    const request = wl.request.bind(wl);
    wl.request = (...a) => {
      window.__wake++;
      return request(...a);
    };
  }
  const AC = window.AudioContext;
  if (AC) {
    const create = AC.prototype.createOscillator;
    AC.prototype.createOscillator = function (...a) {
      window.__tones++;
      return create.apply(this, a);
    };
  }
};

test('a whole guided session, paused and skipped, ends in a session saved with what hurt', async () => {
  const api = await apiAs(env, 'bea@riverside.test');
  const today = (await api('GET', `/patients/${env.clinic.patientB}/today`)).json;
  assert.ok(today.items.length >= 3);
  const { page } = await openPage(env, PHONE);
  await page.emulateMedia({ reducedMotion: 'reduce' }); // still step pictures: fake time does not draw 60 frames a second
  await page.addInitScript(spies);
  await page.clock.install();
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  await page.getByRole('link', { name: 'Start guided session' }).click();
  await heading(page, 'Your session');
  await assertAccessible(page, 'the guided session, before it starts');
  const stage = page.locator('section.player');
  assert.equal(await stage.locator('#player-exercise').textContent(), today.items[0].name);
  assert.equal(await page.getByRole('button', { name: 'Pause' }).isVisible(), false, 'nothing to pause before the start');
  await page.getByRole('checkbox', { name: 'Say the counts out loud' }).check();
  // started from the keyboard
  await page.getByRole('button', { name: 'Start' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.getByRole('button', { name: 'Start' }).isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Pause', 'the focus goes to Pause');
  assert.match(await stage.locator('.player-words').textContent(), /Get ready/);
  await page.clock.runFor(10200);
  const words = await stage.locator('.player-words').textContent();
  assert.doesNotMatch(words, /Get ready/, 'after 10 seconds to get ready the exercise itself begins');
  const first = await stage.locator('.player-count').textContent();
  await page.clock.runFor(9000);
  const later = await stage.locator('.player-count').textContent();
  assert.notEqual(later, first, 'the count moves on by itself');
  // paused: nothing moves
  await page.getByRole('button', { name: 'Pause' }).click();
  const still = await stage.locator('.player-count').textContent();
  await page.clock.runFor(20000);
  assert.equal(await stage.locator('.player-count').textContent(), still);
  assert.equal(await page.getByRole('button', { name: 'Carry on' }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'Carry on' }).click();
  // on to the second exercise by itself; that one is skipped
  let guard = 0;
  while ((await stage.locator('#player-progress').textContent()) !== `Exercise 2 of ${today.items.length}` && guard++ < 50) await page.clock.runFor(5000);
  const skipped = today.items[1];
  assert.equal(await stage.locator('#player-exercise').textContent(), skipped.name);
  await screenshot(page, 'player');
  await page.setViewportSize(DESKTOP);
  await screenshot(page, 'player');
  await page.setViewportSize(PHONE);
  await page.getByRole('button', { name: 'Skip this exercise' }).click();
  assert.equal(await stage.locator('#player-progress').textContent(), `Exercise 3 of ${today.items.length}`);
  for (guard = 0; guard < 200 && !(await page.getByRole('heading', { name: 'That is the session done' }).count()); guard++) await page.clock.runFor(30000);
  await assertAccessible(page, 'the end of the guided session');
  assert.ok(await page.evaluate(() => window.__tones) > 10, 'it beeped');
  assert.ok(await page.evaluate(() => window.__wake) >= 1, 'it asked to keep the screen awake');
  const said = await page.evaluate(() => window.__said);
  assert.ok(said.some((s) => /^Get ready/.test(s)) && said.includes('2') && said.includes('3'), 'it said the steps and the counts out loud');
  // what was done (not the skipped one) and what hurt
  assert.equal(await page.getByRole('checkbox', { name: `I did ${skipped.name}` }).isChecked(), false);
  assert.equal(await page.getByRole('checkbox', { name: `I did ${today.items[0].name}` }).isChecked(), true);
  const sore = today.items[2];
  await page.locator(`input[name="p-hurt-${sore.exercise}"]`).check();
  await screenshot(page, 'player-end');
  await page.getByRole('button', { name: 'Log this session' }).click();
  await heading(page, 'Today');
  await page.getByText('Your guided session is ticked below').waitFor();
  assert.equal(await page.locator(`input[name="done-${today.items[0].exercise}"]`).isChecked(), true);
  assert.equal(await page.locator(`input[name="done-${skipped.exercise}"]`).isChecked(), false);
  assert.equal(await page.locator(`input[name="hurt-${sore.exercise}"]`).isChecked(), true);
  await page.getByRole('group', { name: /Pain during the exercises/ }).getByText('4', { exact: true }).click();
  await page.getByRole('button', { name: 'Save today’s session' }).click();
  await page.getByText(/Session saved|saved/i).first().waitFor();
  // stored as she said it: the skipped one not done, the sore one with the session's pain
  const exp = (await api('GET', `/patients/${env.clinic.patientB}/export`)).json;
  const saved = exp.episodes.at(-1).sessions.at(-1);
  assert.equal(saved.pain_during, 4);
  const byId = new Map(saved.items.map((i) => [i.item, i]));
  assert.equal(byId.get(skipped.exercise).done, false);
  assert.equal(byId.get(today.items[0].exercise).done, true);
  assert.equal(byId.get(sore.exercise).pain, 4);
  assertNoProblems(page);
});
