// progress.js: the patient's own progress.
import { get } from '../api.js';
import { t } from '../i18n.js';
import { exerciseMap, todayIso } from '../library.js';
import { h } from '../dom.js';
import { progressView } from '../progress-view.js';
import { followUpDue } from './followup.js';
import { page } from '../widgets.js';

export async function render(ctx) {
  let p;
  try {
    p = await get(`/patients/${ctx.user.patient}/progress?date=${todayIso()}`);
  } catch (e) {
    if (e.code === 'no_program') {
      ctx.go('/intake');
      return null;
    }
    throw e;
  }
  const names = await exerciseMap().catch(() => new Map());
  const due = followUpDue(p) ? h('div', { class: 'card soft' }, h('p', {}, t('followup.due')), h('p', {}, h('a', { class: 'btn', href: '#/checkup' }, t('followup.start')))) : null;
  return page(t('progress.title'), due, progressView(p, names));
}
