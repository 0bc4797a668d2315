// flare.js: "I'm having a flare": how bad it is and any warning sign; the
// reply switches the plan to its flare version, which is shown with the
// flare lesson. A warning sign is triaged whatever the program's state (no
// program yet, paused, stopped): what to do now comes first.
import { h, clear } from '../dom.js';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { checkinQuestions, todayIso } from '../library.js';
import { busy, errorLine, intValue, page, scale } from '../widgets.js';
import { result as checkinResult } from './checkin.js';
import { emergencyScreen, offlineSafetyScreen } from './emergency.js';
import { redFlagBoxes, tickedFlags, weaknessSelect } from './red-flags.js';

// The signs to ask about in a flare: the emergency ones (nerves to the
// bladder, bowel, genitals and both legs; chest pain), a fever and feeling
// unwell (CLINICAL.md 1). The rest are asked at the next check-in.
const FLARE_FLAGS = ['saddle_numbness', 'bladder_dysfunction', 'bowel_incontinence', 'both_legs_symptoms', 'new_sexual_dysfunction', 'chest_pain', 'fever_or_chills', 'generally_unwell'];

export async function render(ctx) {
  const pid = ctx.user.patient;
  const q = await checkinQuestions();
  const serious = q.red_flags.filter((f) => FLARE_FLAGS.includes(f.field));
  const err = errorLine();
  const root = h('div', {});
  const button = h('button', { class: 'btn big', type: 'submit' }, t('flare.save'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const pain = intValue(form, 'pain');
        if (pain === null) return err.show({ field: 'pain', message: t('checkin.pain_needed') });
        const body = { pain, date: todayIso() };
        const flags = tickedFlags(form, serious);
        const weakness = form.elements.leg_weakness.value;
        if (flags || weakness !== 'none') body.red_flags = { ...flags, ...(weakness !== 'none' ? { leg_weakness: weakness } : {}) };
        busy(button, true);
        try {
          const res = await post(`/patients/${pid}/flare`, body);
          if (res.triage?.tier === 'emergency') {
            clear(root).append(emergencyScreen(res.triage.reasons[0]?.message, res.triage.reasons));
          } else if (res.triage?.tier === 'urgent' || res.recorded === 'triage') {
            // no flare plan while paused or with no program: what to do now
            // instead, as the check-in says it
            clear(root).append(checkinResult({ result: res }, true));
          } else {
            const today = await get(`/patients/${pid}/today?date=${todayIso()}`);
            clear(root).append(
              h(
                'div',
                { class: 'card soft', role: 'status', tabindex: '-1' },
                h('h2', {}, t('flare.plan_title')),
                h('p', {}, t('flare.plan_intro')),
                (res.decisions || []).filter((d) => d.reason).map((d) => h('p', {}, d.reason)),
                h('ul', {}, today.items.map((i) => h('li', {}, i.name))),
                h('p', {}, h('a', { href: '#/lessons/flare-ups' }, t('flare.lesson'))),
                h('p', {}, h('a', { class: 'btn', href: '#/today' }, t('flare.to_today'))),
              ),
            );
          }
          root.firstChild.focus?.();
        } catch (e) {
          busy(button, false);
          // offline with a warning sign ticked: what to do comes first
          if (e.offline && body.red_flags) {
            clear(root).append(offlineSafetyScreen(false));
            root.querySelector('h1').focus();
            return;
          }
          err.show(e);
        }
      },
    },
    h('div', { class: 'card soft' }, h('p', {}, t('flare.reassure')), h('ul', {}, ['flare.tip1', 'flare.tip2', 'flare.tip3'].map((k) => h('li', {}, t(k))))),
    scale('pain', t('flare.pain'), t('scale.hint')),
    redFlagBoxes(serious, t('checkin.flags')),
    weaknessSelect(),
    err,
    button,
  );
  root.append(form);
  return page(t('flare.title'), root);
}
