// checkin.js: the daily check-in, best done in the morning: pain now, pain
// this morning after yesterday's session, the walking log, sleep, what
// helped, and any new warning sign (triaged at once by the server). It asks
// only what can change from day to day: what the intake asked for good
// (a history of cancer, say) is remembered. Its warning signs work before
// the intake is finished too: the server triages them, tells the care team
// and says what to do now, even when there is no program to record the
// check-in in.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { checkinQuestions, todayIso } from '../library.js';
import * as outbox from '../outbox.js';
import { busy, checkbox, errorLine, field, intValue, page, scale } from '../widgets.js';
import { emergencyScreen, offlineSafetyScreen, urgentNotice, crisisNote } from './emergency.js';
import { redFlagBoxes, temperatureAnswer, temperatureField, tickedFlags, traumaSelect, weaknessSelect } from './red-flags.js';

export async function render(ctx) {
  const pid = ctx.user.patient;
  const q = await checkinQuestions();
  const date = todayIso();
  const err = errorLine();
  const button = h('button', { class: 'btn big', type: 'submit' }, t('checkin.save'));
  const root = h('div', {});
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const pain = intValue(form, 'pain');
        if (pain === null) return err.show({ field: 'pain', message: t('checkin.pain_needed') });
        const body = { date, pain };
        const nm = intValue(form, 'next_morning_pain');
        if (nm !== null) body.next_morning_pain = nm;
        const stiff = intValue(form, 'stiffness');
        if (stiff !== null) body.stiffness = stiff;
        const walk = form.elements.walk_minutes.value;
        if (walk !== '') body.walk_minutes = Math.round(Number(walk));
        const sleep = intValue(form, 'sleep');
        if (sleep !== null) body.sleep = sleep;
        const feel = q.feel_better.filter((w) => form.elements[`feel-${w}`].checked);
        const getb = q.get_better.filter((w) => form.elements[`get-${w}`].checked);
        if (feel.length) body.feel_better = feel;
        if (getb.length) body.get_better = getb;
        let flags = tickedFlags(form, q.red_flags);
        // the choice answers asked at every check-in: a fall, a weaker leg
        for (const name of ['trauma', 'leg_weakness']) if (form.elements[name].value !== 'none') flags = { ...(flags || {}), [name]: form.elements[name].value };
        const temp = temperatureAnswer(form);
        if (temp.problem) return err.show(temp.problem);
        if (temp.value !== undefined) flags = { ...(flags || {}), temperature_c: temp.value };
        if (flags) body.red_flags = flags;
        busy(button, true);
        err.show(null);
        try {
          const r = await outbox.submit('checkin', `/patients/${pid}/checkins`, body, t('checkin.label', { date }));
          clear(root).append(result(r, Boolean(flags)));
          root.querySelector('h1, [role=status], [role=alert]')?.focus?.();
        } catch (e) {
          err.show(e);
          busy(button, false);
        }
      },
    },
    scale('pain', t('checkin.pain'), t('scale.hint')),
    scale('next_morning_pain', t('checkin.next_morning'), t('checkin.next_morning_hint')),
    scale('stiffness', t('checkin.stiffness'), t('checkin.stiffness_hint')),
    field(t('checkin.walk'), { type: 'number', name: 'walk_minutes', min: 0, max: 1440, inputmode: 'numeric' }, t('checkin.walk_hint')),
    scale('sleep', t('checkin.sleep'), t('checkin.sleep_hint')),
    h('fieldset', {}, h('legend', {}, t('checkin.feel_better')), q.feel_better.map((w) => checkbox(`feel-${w}`, t(`feel.${w}`), false))),
    h('fieldset', {}, h('legend', {}, t('checkin.get_better')), q.get_better.map((w) => checkbox(`get-${w}`, t(`get.${w}`), false))),
    redFlagBoxes(q.red_flags, t('checkin.flags'), t('checkin.flags_hint')),
    traumaSelect(t('checkin.trauma')),
    weaknessSelect(),
    temperatureField(),
    err,
    button,
  );
  root.append(form);
  return page(t('checkin.title'), h('p', { class: 'muted' }, t('checkin.intro')), root);
}

// Why an entry whose warning signs were passed on was not itself saved.
function notSavedKey(status) {
  if (status === 'no_program') return 'checkin.not_saved_no_program';
  if (status === 'active' || status === 'paused') return 'checkin.not_saved_today';
  return 'checkin.not_saved';
}

export function result(r, flagged) {
  if (r.queued && flagged) return offlineSafetyScreen(true);
  if (r.queued) return h('div', { class: 'notice', role: 'status', tabindex: '-1' }, t('checkin.queued'));
  const res = r.result;
  const reasons = res.triage?.reasons || [];
  if (res.triage?.tier === 'emergency') return emergencyScreen(reasons[0]?.message, reasons);
  // no program to record it in (none yet, or stopped): the signs were still passed on
  const notSaved = res.recorded === 'triage' ? h('p', {}, t(notSavedKey(res.status))) : null;
  if (res.triage?.tier === 'urgent') return urgentNotice(reasons, [notSaved, h('p', {}, h('a', { href: '#/today' }, t('checkin.to_today')))], res.status);
  return h(
    'div',
    { class: 'good', role: 'status', tabindex: '-1' },
    h('p', {}, h('strong', {}, res.recorded === 'triage' ? t('checkin.team_told') : t('checkin.saved'))),
    notSaved,
    reasons.map((x) => h('p', {}, x.message)),
    crisisNote(reasons),
    (res.decisions || []).filter((d) => d.kind !== 'hold' && d.reason).map((d) => h('p', {}, d.reason)),
    h('p', {}, h('a', { href: res.status === 'no_program' ? '#/intake' : '#/today' }, t(res.status === 'no_program' ? 'checkin.to_intake' : 'checkin.to_today'))),
  );
}
