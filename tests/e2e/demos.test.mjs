// demos.test.mjs: a patient sees how each exercise is done. On Today every
// exercise card shows its demonstration: a figure (an image with the steps
// as its text) that moves at the prescribed tempo, its caption following the
// step, and a pause button that stops it. With reduced motion the steps are
// still pictures, numbered, each with its caption. Every page is checked by
// axe-core and ends with no console or page error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, apiAs, assertAccessible, assertNoProblems, heading, openPage, screenshot, screenshots, serverForFile, signIn } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

const figureOf = (page, i = 0) => page.locator('main section.card').nth(i).locator('svg.demo-figure:not(.demo-ghost)');

test('every exercise card on Today shows its demonstration, moving, with the step it is at', async () => {
  const api = await apiAs(env, 'bea@riverside.test');
  const library = new Map((await api('GET', '/exercises')).json.exercises.map((e) => [e.id, e]));
  const today = (await api('GET', `/patients/${env.clinic.patientB}/today`)).json;
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  const cards = page.locator('main section.card:has(h2 + p.dose)');
  const items = today.items.filter((i) => library.has(i.exercise));
  assert.ok(items.length >= 3);
  for (const [k, item] of items.entries()) {
    const demo = library.get(item.exercise).demo;
    assert.ok(demo, `${item.exercise} has a demonstration`);
    const figure = cards.nth(k).locator('svg.demo-figure:not(.demo-ghost)');
    const label = await figure.getAttribute('aria-label');
    for (const kf of demo.keyframes) assert.ok(label.includes(kf.caption), `${item.exercise}: the picture's text has every step`);
    assert.equal(await figure.getAttribute('role'), 'img');
  }
  // The first one moves: its drawing changes and the caption follows the steps.
  const first = figureOf(page, 0);
  await first.scrollIntoViewIfNeeded();
  const captions = new Set();
  const shapes = new Set();
  for (let i = 0; i < 16; i++) {
    shapes.add(await first.innerHTML());
    captions.add(await page.locator('main section.card').first().locator('.demo-caption').textContent());
    await page.waitForTimeout(400);
  }
  assert.ok(shapes.size > 5, 'the figure moves');
  assert.ok(captions.size >= 2, 'the caption follows the steps');
  // Pause stops it.
  const card = page.locator('main section.card').first();
  await card.getByRole('button', { name: 'Pause the picture' }).click();
  const pause = card.locator('.demo-pause');
  // a frame already on its way when the click lands may still be drawn: let it settle
  await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await pause.elementHandle());
  await page.waitForTimeout(400);
  const still = await first.innerHTML();
  await page.waitForTimeout(700);
  assert.equal(await first.innerHTML(), still, 'paused means still');
  assert.equal(await pause.getAttribute('aria-pressed'), 'true');
  assert.equal(await pause.textContent(), 'Play the picture');
  await pause.click();
  assert.equal(await pause.getAttribute('aria-pressed'), 'false');
  // A one-sided exercise shows the other side: the mirror image of the same move.
  const oneSided = items.findIndex((i) => library.get(i.exercise).per_side);
  assert.ok(oneSided >= 0, 'the plan has a one-sided exercise');
  const other = cards.nth(oneSided).getByRole('button', { name: 'Show the other side' });
  await other.scrollIntoViewIfNeeded();
  await other.click();
  assert.equal(await other.getAttribute('aria-pressed'), 'true');
  await assertAccessible(page, 'Today with demonstrations');
  await screenshots(page, 'today-demo');
  await page.setViewportSize({ width: 320, height: 700 });
  await screenshot(page, 'today-demo-320');
  assertNoProblems(page);
});

test('with reduced motion the steps are numbered still pictures', async () => {
  const api = await apiAs(env, 'bea@riverside.test');
  const library = new Map((await api('GET', '/exercises')).json.exercises.map((e) => [e.id, e]));
  const today = (await api('GET', `/patients/${env.clinic.patientB}/today`)).json;
  const { context, page } = await openPage(env, PHONE);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  const first = library.get(today.items[0].exercise);
  const steps = page.locator('main section.card').first().locator('.demo-steps li');
  assert.equal(await steps.count(), first.demo.keyframes.length);
  assert.deepEqual(await steps.locator('p').allTextContents(), first.demo.keyframes.map((k) => k.caption));
  assert.equal(await page.locator('.demo-pause').count(), 0, 'nothing moves, so nothing to pause');
  const before = await steps.first().locator('svg').innerHTML();
  await page.waitForTimeout(600);
  assert.equal(await steps.first().locator('svg').innerHTML(), before);
  await assertAccessible(page, 'Today, reduced motion');
  await screenshot(page, 'today-demo-steps');
  assertNoProblems(page);
  await context.close();
});

// What a link gives when the page follows it with its own session: status, type, first bytes.
const follow = (page, href) =>
  page.evaluate(async (url) => {
    const r = await fetch(url, { credentials: 'same-origin' });
    const head = new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5));
    return { status: r.status, type: r.headers.get('content-type'), head };
  }, href);

test('the patient prints their program from Today; the clinician prints it from the console', async () => {
  const { page } = await openPage(env, PHONE);
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  const mine = page.getByRole('link', { name: 'Print my program' });
  assert.equal(await mine.getAttribute('target'), '_blank');
  assert.deepEqual(await follow(page, await mine.getAttribute('href')), { status: 200, type: 'application/pdf', head: '%PDF-' });
  const { page: care } = await openPage(env, DESKTOP);
  await signIn(care, 'kim@riverside.test');
  await heading(care, 'Patients');
  await care.goto(`/#/patients/${env.clinic.patientB}`);
  await heading(care, 'Bea Bright');
  const theirs = care.getByRole('link', { name: 'Print the handout' });
  assert.deepEqual(await follow(care, await theirs.getAttribute('href')), { status: 200, type: 'application/pdf', head: '%PDF-' });
  // a patient with no program yet has nothing to print, and is not offered it
  await care.goto(`/#/patients/${env.clinic.patientA}`);
  await heading(care, 'Alex Able');
  assert.equal(await care.getByRole('link', { name: 'Print the handout' }).count(), 0);
  assertNoProblems(page, care);
});

test('offline, Today still shows each exercise moving, and the guided session still starts', async () => {
  const { context, page } = await openPage(env, PHONE);
  await signIn(page, 'bea@riverside.test');
  await heading(page, 'Today');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now through the service worker, which keeps the library with its demonstrations
  await heading(page, 'Today');
  const kept = () => page.evaluate(async () => Boolean(await (await caches.open('mrx-data')).match('/api/v1/exercises')));
  for (let i = 0; i < 50 && !(await kept()); i++) await page.waitForTimeout(100);
  assert.ok(await kept(), 'the exercise library is kept for offline use');
  const online = await page.locator('main section.card svg.demo-figure:not(.demo-ghost)').count();
  assert.ok(online >= 3);
  await context.setOffline(true);
  await page.reload();
  await heading(page, 'Today');
  assert.equal(await page.locator('main section.card svg.demo-figure:not(.demo-ghost)').count(), online, 'every exercise shows its figure offline');
  await page.getByRole('link', { name: 'Start guided session' }).click();
  await heading(page, 'Your session');
  assert.equal(await page.locator('section.player svg.demo-figure:not(.demo-ghost)').count(), 1);
  await context.setOffline(false);
  assertNoProblems(page);
});
