// session-plan.test.mjs: the guided session's steps (web/app/session-plan.js)
// for real library exercises: sets and rests, holds rep by rep with a breath
// between, one-sided exercises side by side in each set, timed items counted
// in minutes, and "skip" landing on the next exercise.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { READY_S, REST_S, SWITCH_S, nextExercise, relaxSeconds, repSeconds, sessionSeconds, sessionSteps } from '../../web/app/session-plan.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(ROOT, 'data', 'exercises');
const library = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const ex = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      ex.demo = JSON.parse(readFileSync(join(dir, 'demos', f), 'utf8'));
      return [ex.id, ex];
    }),
);
const item = (exercise, dose) => ({ exercise, name: library.get(exercise).name, dose });
const kinds = (steps) => steps.map((s) => s.kind + (s.side ? `:${s.side}` : ''));

test('sets of repetitions: ready, a set, a rest, the next set, counted at the demonstration tempo', () => {
  const steps = sessionSteps([item('sit-to-stand', { sets: 2, reps: 6 })], library);
  assert.deepEqual(kinds(steps), ['ready', 'reps', 'rest', 'reps', 'done']);
  const each = repSeconds(library.get('sit-to-stand'));
  assert.ok(each >= 2 && each <= 15);
  assert.equal(steps[1].seconds, 6 * each);
  assert.equal(steps[2].seconds, REST_S);
  assert.equal(sessionSeconds(steps), READY_S + 2 * 6 * each + REST_S);
});

test('holds: each rep counted down, a breath between, the other side after the first', () => {
  const ex = library.get('standing-hamstring-stretch');
  assert.ok(ex.per_side);
  const steps = sessionSteps([item('standing-hamstring-stretch', { reps: 3, hold_s: 30 })], library);
  assert.deepEqual(kinds(steps), [
    'ready',
    'hold:first', 'relax:first', 'hold:first', 'relax:first', 'hold:first',
    'switch',
    'hold:second', 'relax:second', 'hold:second', 'relax:second', 'hold:second',
    'done',
  ]);
  assert.deepEqual(steps.filter((s) => s.kind === 'hold').map((s) => s.rep), [1, 2, 3, 1, 2, 3]);
  // each hold is the demonstration's whole rep at the dose's 30 s: the hold and the moves to and from it
  assert.ok(steps.filter((s) => s.kind === 'hold').every((s) => s.hold === 30 && s.seconds >= 30 && s.seconds <= 45));
  assert.ok(steps.filter((s) => s.kind === 'relax').every((s) => s.seconds === 10), 'a stretch: a third of the hold');
  assert.equal(steps.find((s) => s.kind === 'switch').seconds, SWITCH_S);
});

test('a timed item counts its minutes; skip goes to the next exercise', () => {
  const steps = sessionSteps([item('tai-chi', { minutes: 10 }), item('bridge', { sets: 1, reps: 8, hold_s: 3 })], library);
  assert.deepEqual(kinds(steps).slice(0, 3), ['ready', 'timed', 'ready']);
  assert.equal(steps[1].seconds, 600);
  assert.equal(nextExercise(steps, 1), 2);
  assert.equal(steps[nextExercise(steps, 3)].kind, 'done');
  assert.equal(steps.at(-1).index, 2);
});

test('a one-sided exercise in sets: both sides in each set, then the rest', () => {
  const steps = sessionSteps([item('clamshell', { sets: 2, reps: 6 })], library);
  assert.deepEqual(kinds(steps), ['ready', 'reps:first', 'switch', 'reps:second', 'rest', 'reps:first', 'switch', 'reps:second', 'done']);
});

test('a strength hold rests as long as it held; a rep that holds twice (knee rolls) is one rep', () => {
  assert.equal(relaxSeconds(library.get('plank'), 20), 20);
  assert.equal(relaxSeconds(library.get('plank'), 60), 30);
  assert.equal(relaxSeconds(library.get('standing-hamstring-stretch'), 9), 5);
  const rolls = library.get('knee-rolls');
  const holds = rolls.demo.keyframes.filter((k) => k.hold === 'dose').length;
  const each = repSeconds(rolls, 5);
  assert.ok(each >= holds * 5, `${each} s holds all ${holds} holds of 5 s`);
});

test('"now do the other arm and leg": sides in turn, rep by rep', () => {
  const dog = sessionSteps([item('bird-dog', { sets: 1, reps: 2, hold_s: 5 })], library);
  assert.equal(library.get('bird-dog').demo.sides, 'alternate');
  assert.deepEqual(kinds(dog), ['ready', 'hold:first', 'relax:first', 'hold:second', 'relax:second', 'hold:first', 'relax:first', 'hold:second', 'done']);
  const bug = sessionSteps([item('dead-bug', { sets: 2, reps: 6 })], library);
  assert.deepEqual(kinds(bug), ['ready', 'reps:first', 'rest', 'reps:first', 'done']);
  assert.ok(bug[1].alternate && bug[1].reps === 12, 'six a side, counted as twelve in turn');
});
