// progress.js: the patient's own progress.
import { get } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { exerciseMap, todayIso } from '../library.js';
import { progressView } from '../progress-view.js';
import { checkupCard, followUpDue } from './followup.js';
import { page } from '../widgets.js';
import { lastWeek, weekCard, weekReview } from './week.js';

export async function render(ctx) {
  const pid = ctx.user.patient;
  const date = todayIso();
  let p;
  try {
    p = await get(`/patients/${pid}/progress?date=${date}`);
  } catch (e) {
    if (e.code === 'no_program') {
      ctx.go('/intake');
      return null;
    }
    throw e;
  }
  // the streak is said once, under the week it counts up to
  const [names, now, last] = await Promise.all([exerciseMap().catch(() => new Map()), weekReview(pid, date), lastWeek(pid, date)]);
  return page(
    t('progress.title'),
    followUpDue(p) ? checkupCard() : null,
    h('div', { class: 'grid two' }, weekCard(now && last ? { ...now, streak: '' } : now, t('week.this')), weekCard(last, t('week.last'))),
    progressView(p, names),
  );
}
