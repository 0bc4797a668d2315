// week.js: the weekly review (GET /patients/{id}/weekly): sessions against the
// plan, walking, the pain trend, the feel-better things beside the
// get-better things, and whole-week streaks. The words that tie the week
// together come from the server, so the app, the CLI and any e-mail say the same.
import { get } from '../api.js';
import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { addDays } from '../library.js';

// The review of the week holding `date`, or null when there is none to show
// (no program yet, offline): the review is never what stops a page.
export async function weekReview(pid, date) {
  try {
    return await get(`/patients/${pid}/weekly?date=${date}`);
  } catch {
    return null;
  }
}

// Last week's review, asked for on its Sunday: the day before this week's Monday.
export function lastWeek(pid, today) {
  const sinceMonday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  return weekReview(pid, addDays(today, -1 - sinceMonday));
}

export const isMonday = (today) => new Date(`${today}T12:00:00Z`).getUTCDay() === 1;

function things(kind, words, days) {
  if (!words.length) return null;
  return h('li', {}, h('strong', {}, t(`week.${kind}`)), ' ', words.map((w) => `${t(`${kind}.${w}`)} (${tn('week.days', days[w])})`).join(', '));
}

export function weekCard(w, title, ...more) {
  if (!w) return null;
  const id = `week-${w.week_start}`;
  return h(
    'section',
    { class: 'card week', 'aria-labelledby': id },
    h('h2', { id }, title),
    h('p', { class: 'week-summary' }, w.summary),
    h(
      'ul',
      { class: 'week-facts' },
      h('li', {}, h('strong', {}, t('week.sessions')), ' ', t('week.sessions_of', { done: w.sessions_done, planned: w.sessions_planned })),
      w.walking_minutes ? h('li', {}, h('strong', {}, t('week.walking')), ' ', t('week.minutes', { n: w.walking_minutes })) : null,
      things('feel', w.feel_better, w.feel_better_days),
      things('get', w.get_better, w.get_better_days),
    ),
    h('p', {}, w.pain.words),
    w.care ? h('p', { class: 'notice' }, w.care) : null,
    w.streak ? h('p', { class: 'good' }, w.streak) : null,
    ...more,
  );
}
