// outcomes.js: the organization's (or the clinician's care team's) outcomes.
import { h } from '../dom.js';
import { get } from '../api.js';
import { formatDate, t } from '../i18n.js';
import { page } from '../widgets.js';

const pct = (v) => (v === null || v === undefined ? '–' : t('unit.percent', { v: Math.round(v) }));
const num = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));

function stat(label, value, note) {
  return h('div', { class: 'card' }, h('p', { class: 'muted' }, label), h('p', { class: 'stat' }, value), note ? h('p', {}, note) : null);
}

export async function render() {
  const o = await get('/outcomes');
  return page(
    t('outcomes.title'),
    h('p', { class: 'muted' }, t('outcomes.intro', { date: formatDate(o.date), n: o.patients })),
    h(
      'div',
      { class: 'stats' },
      stat(t('outcomes.pain_change'), num(o.pain.mean_change), t('outcomes.pain_note', { n: o.pain.with_follow_up, from: num(o.pain.mean_baseline), to: num(o.pain.mean_recent) })),
      stat(t('outcomes.important'), pct(o.pain.important_change_percent), t('outcomes.important_note')),
      stat(t('outcomes.adherence'), pct(o.adherence.percent), t('outcomes.adherence_note', { sessions: o.adherence.sessions, planned: o.adherence.planned_days })),
      stat(t('outcomes.active'), pct(o.engagement.active_last_7_days_percent), t('outcomes.active_note', { n: o.engagement.active_last_7_days })),
      stat(t('outcomes.completion'), pct(o.completion.percent), t('outcomes.completion_note', { completed: o.completion.completed, eligible: o.completion.eligible })),
      stat(t('outcomes.stopped'), String(o.engagement.stopped)),
      stat(t('outcomes.flares'), String(o.flare_alerts)),
    ),
  );
}
