// followup.js: the 4-weekly check-up: the same disability questionnaire as
// at the start (ODI or RMDQ) and the same activities rated again (PSFS), so
// that the patient and the care team see what changed and whether it is a
// change that matters.
import { append, h, clear } from '../dom.js';
import { get, post } from '../api.js';
import { formatDate, t } from '../i18n.js';
import { dayNo, todayIso } from '../library.js';
import { busy, choices, errorLine, page, radioValue } from '../widgets.js';
import { crisisNote, emergencyScreen, urgentNotice } from './emergency.js';
import { odiAnswers, odiFields, psfsRerate, psfsRerateAnswers, rmdqAnswers, rmdqFields } from './questionnaires.js';

export const FOLLOW_UP_DAYS = 28;

// The disability questionnaire of this program (the one answered at the
// start), and when it was last answered.
function disability(progress) {
  const taken = progress.scores.filter((s) => s.instrument === 'odi' || s.instrument === 'rmdq');
  return { instrument: taken.length ? taken[0].instrument : 'odi', last: taken.length ? taken[taken.length - 1].date : progress.start };
}

// Whether the check-up is due: four weeks since the questionnaire was last
// answered, in a program that is running.
export function followUpDue(progress) {
  if (progress.status !== 'active' && progress.status !== 'paused') return false;
  return dayNo(progress.date) - dayNo(disability(progress).last) >= FOLLOW_UP_DAYS;
}

// ODI in percent, RMDQ as a count of 24, PSFS as a mean rating of 10.
function scoreText(instrument, v) {
  if (instrument === 'odi') return t('unit.percent', { v: Math.round(v) });
  if (instrument === 'psfs') return v.toFixed(1);
  return String(v);
}

// The invitation to the check-up, on Today and Progress.
export function checkupCard() {
  return h('section', { class: 'card soft' }, h('p', {}, t('followup.due')), h('p', {}, h('a', { class: 'btn', href: '#/checkup' }, t('followup.start'))));
}

function changeLine(c) {
  const better = c.change > 0;
  return h(
    'li',
    {},
    t('followup.change', { name: t(`instrument.${c.instrument}`), from: scoreText(c.instrument, c.baseline), to: scoreText(c.instrument, c.followup) }),
    ' ',
    c.important ? h('strong', {}, t('followup.important')) : better ? t('followup.some') : t('followup.not_better'),
  );
}

export async function render(ctx) {
  const pid = ctx.user.patient;
  let progress;
  try {
    progress = await get(`/patients/${pid}/progress?date=${todayIso()}`);
  } catch (e) {
    if (e.code === 'no_program') {
      ctx.go('/intake');
      return null;
    }
    throw e;
  }
  const { instrument, last } = disability(progress);
  const form_ = await get(`/instruments/${instrument}`);
  const activities = progress.psfs_activities || [];
  const err = errorLine();
  const root = h('div', {});
  const button = h('button', { class: 'btn big', type: 'submit' }, t('followup.save'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const d = instrument === 'rmdq' ? rmdqAnswers(form, form_) : odiAnswers(form, form_);
        if (d.problem) return err.show(d.problem);
        const body = { date: todayIso(), [instrument]: d.answers };
        // the check-up's own triage question: no better in four weeks is a
        // routine review for the care team (CONTRACT.md, weeks_without_improvement)
        const course = radioValue(form, 'course');
        if (course === 'same' || course === 'worse') body.red_flags = { weeks_without_improvement: FOLLOW_UP_DAYS / 7, ...(course === 'worse' ? { pain_worsening: true } : {}) };
        if (activities.length) {
          const p = psfsRerateAnswers(form, activities);
          if (p.problem) return err.show(p.problem);
          body.psfs = p.answers;
        }
        busy(button, true);
        try {
          const res = await post(`/patients/${pid}/assessments`, body);
          const reasons = res.triage?.reasons || [];
          if (res.triage?.tier === 'emergency') {
            clear(root).append(emergencyScreen(reasons[0]?.message, reasons));
            root.querySelector('h1').focus();
            return;
          }
          append(clear(root), [
            res.triage?.tier === 'urgent' ? urgentNotice(reasons) : null,
            h(
              'div',
              { class: 'card soft', role: 'status', tabindex: '-1' },
              h('h2', {}, t('followup.saved')),
              res.changes?.length ? h('ul', {}, res.changes.map(changeLine)) : h('p', {}, t('followup.first')),
              res.goals?.length
                ? [h('h3', {}, t('followup.goals')), h('ul', { class: 'goal-progress' }, res.goals.map((g) => h('li', {}, t('followup.goal', g))))]
                : null,
              res.triage?.tier === 'routine' ? [reasons.map((r) => h('p', {}, r.message)), crisisNote(reasons)] : null,
              h('p', {}, t('followup.next')),
              h('p', {}, h('a', { class: 'btn', href: '#/progress' }, t('followup.to_progress'))),
            ),
          ]);
          root.firstChild.focus();
        } catch (e) {
          err.show(e);
          busy(button, false);
        }
      },
    },
    h('p', {}, t('followup.intro', { date: formatDate(last) })),
    h('h2', {}, t('intake.odi_title')),
    instrument === 'rmdq' ? [h('p', {}, t('intake.rmdq_intro')), rmdqFields(form_)] : [h('p', {}, t('intake.odi_intro')), odiFields(form_)],
    activities.length ? [h('h2', {}, t('followup.psfs_title')), h('p', {}, t('followup.psfs_intro')), psfsRerate(activities)] : null,
    choices('course', t('followup.course'), [['better', t('followup.course_better')], ['same', t('followup.course_same')], ['worse', t('followup.course_worse')]]),
    err,
    button,
  );
  root.append(form);
  return page(t('followup.title'), root);
}
