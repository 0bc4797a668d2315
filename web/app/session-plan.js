// session-plan.js: today's exercises as the guided session runs them, one
// step at a time (docs/web.md, "The guided session"). Pure: no DOM, no timers,
// so that the order and the timing can be tested in node.
//
// For each exercise: a short "get ready" with the demonstration; then each set,
// and within a set each side in turn (a one-sided exercise); a hold is counted
// down rep by rep with a short relax between; repetitions are counted at the
// demonstration's own tempo; a timed item (a walk on the spot, tai chi, water
// work) counts its minutes down. A rest comes between sets.
import { loopSeconds, prepare } from './figure.js';

// Time enough to get down to the floor or up from it, or to turn over and settle.
export const READY_S = 10;
export const SWITCH_S = 10;
export const REST_S = 30;
const RELAX_MIN_S = 5;
const RELAX_MAX_S = 30;
const REP_MIN_S = 2;
const REP_MAX_S = 15;
const REP_DEFAULT_S = 4;

// One repetition's seconds: the demonstration's whole loop at the dose's hold (a
// knee roll holds on each side: both holds are one rep), kept sensible.
export function repSeconds(ex, holdS = 0) {
  if (!ex?.demo) return Math.max(REP_DEFAULT_S, holdS);
  const s = loopSeconds(prepare(ex.demo), holdS);
  return Math.min(REP_MAX_S + 2 * holdS, Math.max(REP_MIN_S, holdS, Math.round(s)));
}

// The breath between two holds: a strength hold (a plank) needs as long again to
// recover; a stretch, a few easy seconds.
export function relaxSeconds(ex, holdS) {
  const s = ex?.category === 'strength' ? holdS : holdS / 3;
  return Math.round(Math.min(RELAX_MAX_S, Math.max(RELAX_MIN_S, s)));
}

// The steps of the session: [{kind, index, exercise, ...}], ending with {kind: 'done'}.
export function sessionSteps(items, library, { rest = REST_S } = {}) {
  const steps = [];
  items.forEach((item, index) => {
    const ex = library.get(item.exercise);
    const d = item.dose || {};
    const base = { index, exercise: item.exercise, name: item.name };
    const sides = ex?.per_side ? ['first', 'second'] : [null];
    steps.push({ ...base, kind: 'ready', seconds: READY_S });
    if (d.minutes) {
      steps.push({ ...base, kind: 'timed', seconds: d.minutes * 60, side: null });
      return;
    }
    const sets = d.sets || 1;
    const reps = d.reps || 1;
    // one hold, then (unless it ends the side) a breath before the next
    const hold = (set, rep, side, breath) => {
      steps.push({ ...base, kind: 'hold', set, sets, rep, reps, side, hold: d.hold_s, seconds: repSeconds(ex, d.hold_s) });
      if (breath) steps.push({ ...base, kind: 'relax', set, sets, side, seconds: relaxSeconds(ex, d.hold_s) });
    };
    // "now do the other arm and leg": one rep on each side in turn, not a block each
    if (ex?.per_side && ex.demo?.sides === 'alternate') {
      for (let set = 1; set <= sets; set++) {
        if (d.hold_s) {
          for (let rep = 1; rep <= reps; rep++) ['first', 'second'].forEach((side, s) => hold(set, rep, side, rep < reps || s === 0));
        } else {
          const each = repSeconds(ex);
          steps.push({ ...base, kind: 'reps', set, sets, reps: reps * 2, alternate: true, side: 'first', each, seconds: reps * 2 * each });
        }
        if (set < sets) steps.push({ ...base, kind: 'rest', set, sets, seconds: rest });
      }
      return;
    }
    for (let set = 1; set <= sets; set++) {
      sides.forEach((side, s) => {
        if (d.hold_s) {
          for (let rep = 1; rep <= reps; rep++) hold(set, rep, side, rep < reps); // the last of a side goes straight on
        } else {
          const each = repSeconds(ex);
          steps.push({ ...base, kind: 'reps', set, sets, reps, side, each, seconds: reps * each });
        }
        if (s === 0 && sides.length === 2) steps.push({ ...base, kind: 'switch', set, sets, seconds: SWITCH_S });
      });
      if (set < sets) steps.push({ ...base, kind: 'rest', set, sets, seconds: rest });
    }
  });
  steps.push({ kind: 'done', index: items.length, seconds: 0 });
  return steps;
}

// Where the session's answers wait for Today's form (sessionStorage), by patient and day.
export const draftKey = (pid, date) => `mrx.session-draft.${pid}.${date}`;

// The whole session's length in seconds, as planned (pauses not counted).
export const sessionSeconds = (steps) => steps.reduce((s, st) => s + st.seconds, 0);

// The first step of the exercise after the one at step i: where "skip" goes.
export function nextExercise(steps, i) {
  const at = steps[i].index;
  let j = i;
  while (j < steps.length - 1 && steps[j].index === at) j++;
  return j;
}
