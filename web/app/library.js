// library.js: reference data fetched once per page load (the exercise
// library, the check-in questions) and how doses read in plain words.
import { get } from './api.js';
import { h } from './dom.js';
import { t, tn } from './i18n.js';

const memo = new Map();

// One GET per page load; a failure is forgotten so that the next call retries.
function once(path) {
  if (!memo.has(path)) {
    const p = get(path);
    memo.set(path, p);
    p.catch(() => memo.delete(path));
  }
  return memo.get(path);
}

export const exerciseMap = () => once('/exercises').then((r) => new Map(r.exercises.map((e) => [e.id, e])));
export const checkinQuestions = () => once('/checkin-questions');

// A patient's printable program (PDF), opened in a new tab to print: Today and the console.
export const handoutLink = (id, label) =>
  h('a', { class: 'btn ghost', href: `/api/v1/patients/${encodeURIComponent(id)}/handout.pdf`, target: '_blank', rel: 'noopener' }, label);

// "2 sets of 8, hold 3 seconds" and the like.
export function doseText(dose, perSide) {
  if (!dose) return '';
  const parts = [];
  if (dose.sets && dose.reps) parts.push(tn('dose.sets_reps', dose.sets, { reps: dose.reps }));
  else if (dose.reps) parts.push(tn('dose.reps', dose.reps));
  if (dose.hold_s) parts.push(t('dose.hold', { s: dose.hold_s }));
  if (dose.minutes) parts.push(tn('dose.minutes', dose.minutes));
  if (dose.bouts && dose.bouts > 1) parts.push(t('dose.bouts', { bouts: dose.bouts }));
  if (perSide) parts.push(t('dose.per_side'));
  return parts.join(', ');
}

// The patient's own calendar day, not UTC's: a check-in at 08:00 in Sydney
// or a session at 18:00 in California belongs to the day on their clock.
export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// A date as a whole day number, for counting days between two dates.
export const dayNo = (iso) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86400000);

export function addDays(iso, n) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
