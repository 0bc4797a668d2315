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

export async function render() {
  const { patients } = await get('/panel');
  return page(
    t('panel.title'),
    patients.length
      ? h(
          'table',
          {},
          h('caption', { class: 'sr-only' }, t('panel.caption')),
          h('thead', {}, h('tr', {}, ['panel.name', 'panel.alerts', 'panel.status', 'panel.course', 'panel.last'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h(
            'tbody',
            {},
            patients.map((p) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/patients/${p.patient}` }, p.name)),
                h('td', {}, p.open_alerts ? [tierTag(p.top_tier), ' ', t('panel.open', { n: p.open_alerts })] : t('panel.none')),
                h('td', {}, p.status ? t(`status.${p.status}`) : t('status.none')),
                h('td', {}, courseCell(p)),
                h('td', {}, p.last_activity ? formatDate(p.last_activity) : '–'),
              ),
            ),
          ),
        )
      : h('p', {}, t('panel.empty')),
  );
}
