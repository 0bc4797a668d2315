// restart.js: starting the program again from maintenance, after the pain
// has come back. No new intake: the warning-sign questions come first, as
// always, then how bad the pain is now. The new course starts at week 1 from
// the moves the person kept up (docs/plan.md "Starting again"). An emergency
// answer shows what to do now instead.
import { h, clear } from '../dom.js';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { checkinQuestions, todayIso } from '../library.js';
import { busy, errorLine, intValue, page, scale } from '../widgets.js';
import { startbackAnswers, startbackFields } from './questionnaires.js';
import { crisisNote, emergencyScreen, urgentNotice } from './emergency.js';
import { redFlagBoxes, tickedFlags, traumaSelect, weaknessSelect } from './red-flags.js';

export async function render(ctx) {
  const pid = ctx.user.patient;
  const [q, startback] = await Promise.all([checkinQuestions(), get('/instruments/startback')]);
  // STarT Back again: how the back affects the person now decides how much
  // support the new course gives (the other answers of the first intake stand)
  const sbItems = startbackFields(startback);
  const err = errorLine();
  const root = h('div', {});
  const button = h('button', { class: 'btn big', type: 'submit' }, t('restart.save'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const pain = intValue(form, 'pain_now');
        if (pain === null) return err.show({ field: 'pain_now', message: t('checkin.pain_needed') });
        // every warning sign answered: the ones not ticked are a "no"
        const flags = Object.fromEntries(q.red_flags.map((f) => [f.field, false]));
        Object.assign(flags, tickedFlags(form, q.red_flags) || {});
        for (const name of ['trauma', 'leg_weakness']) flags[name] = form.elements[name].value;
        const { answers: sb, problem } = startbackAnswers(form, startback);
        if (problem) return err.show(problem);
        busy(button, true);
        err.show(null);
        try {
          const res = await post(`/patients/${pid}/restart`, { date: todayIso(), red_flags: flags, pain_now: pain, startback: sb });
          if (res.triage?.tier === 'emergency') {
            clear(root).append(emergencyScreen(res.triage.reasons[0]?.message, res.triage.reasons));
          } else if (res.triage?.tier === 'urgent') {
            clear(root).append(urgentNotice(res.triage.reasons, h('p', {}, h('a', { href: '#/today' }, t('restart.to_today'))), res.status));
          } else {
            clear(root).append(
              h(
                'div',
                { class: 'card soft', role: 'status', tabindex: '-1' },
                h('h2', {}, t('restart.done_title')),
                h('p', {}, t('restart.done')),
                (res.triage?.reasons || []).map((r) => h('p', {}, r.message)),
                crisisNote(res.triage?.reasons),
                res.plan?.explanation ? h('p', {}, res.plan.explanation) : null,
                h('p', {}, h('a', { class: 'btn', href: '#/today' }, t('restart.to_today'))),
              ),
            );
          }
          root.firstChild.focus?.();
        } catch (e) {
          busy(button, false);
          err.show(e);
        }
      },
    },
    h('div', { class: 'card soft' }, h('p', {}, t('restart.intro')), h('p', {}, t('restart.flare_first'))),
    redFlagBoxes(q.red_flags, t('restart.flags'), t('checkin.flags_hint')),
    traumaSelect(t('restart.trauma')),
    weaknessSelect(),
    scale('pain_now', t('checkin.pain'), t('scale.hint')),
    h('h2', {}, t('restart.startback')),
    h('p', {}, t('intake.startback_intro')),
    sbItems,
    err,
    button,
  );
  root.append(form);
  return page(t('restart.title'), root);
}
