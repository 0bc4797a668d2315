// panel.js: the care team's patients, most serious open alert first.
import { h } from '../dom.js';
import { get } from '../api.js';
import { formatDate, t } from '../i18n.js';
import { page, tierTag } from '../widgets.js';

// "Week 5 · building", in the care team's words, not the patient's.
function courseCell(p) {
  if (!p.phase) return '–';
  return t('panel.week_phase', { week: p.week, phase: t(`panel.phase_${p.phase}`) });
}

// The week's mean pain, with which way it went against the week before (a point or more).
function painCell(p) {
  if (p.pain_week === null) return '–';
  const mean = String(p.pain_week);
  if (p.pain_week_before === null) return mean;
  const d = p.pain_week - p.pain_week_before;
  if (d >= 1) return h('span', { class: 'overdue' }, t('panel.pain_up', { mean, before: p.pain_week_before }));
  if (d <= -1) return t('panel.pain_down', { mean, before: p.pain_week_before });
  return t('panel.pain_same', { mean });
}

export async function render() {
  const { patients } = await get('/panel');
  const cols = ['panel.name', 'panel.alerts', 'panel.status', 'panel.course', 'panel.pain', 'panel.sessions', 'panel.tasks', 'panel.last'];
  const row = (p) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `#/patients/${p.patient}` }, p.name)),
      h('td', {}, p.open_alerts ? [tierTag(p.top_tier), ' ', t('panel.open', { n: p.open_alerts })] : t('panel.none')),
      h('td', {}, p.status ? t(`status.${p.status}`) : t('status.none')),
      h('td', {}, courseCell(p)),
      h('td', {}, painCell(p)),
      h('td', {}, String(p.sessions_two_weeks)),
      h('td', {}, p.open_tasks ? String(p.open_tasks) : '–'),
      h('td', {}, p.last_activity ? formatDate(p.last_activity) : '–'),
    );
  return page(
    t('panel.title'),
    patients.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h('table', {}, h('caption', { class: 'sr-only' }, t('panel.caption')), h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, patients.map(row))),
        )
      : h('p', {}, t('panel.empty')),
  );
}
