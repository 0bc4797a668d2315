// progress.js: the patient's own progress.
import { get } from '../api.js';
import { t } from '../i18n.js';
import { exerciseMap, todayIso } from '../library.js';
import { progressView } from '../progress-view.js';
import { checkupCard, followUpDue } from './followup.js';
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
  return page(t('progress.title'), followUpDue(p) ? checkupCard() : null, progressView(p, names));
}
