// checkin.js: the daily check-in, best done in the morning: pain now, pain
// this morning after yesterday's session, the walking log, sleep, what
// helped, and any new warning sign (triaged at once by the server).
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { checkinQuestions, todayIso } from '../library.js';
import * as outbox from '../outbox.js';
import { busy, checkbox, errorLine, field, intValue, page, scale } from '../widgets.js';
import { emergencyScreen, offlineSafetyScreen } from './emergency.js';
import { redFlagBoxes, tickedFlags } from './red-flags.js';

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
        const walk = form.elements.walk_minutes.value;
        if (walk !== '') body.walk_minutes = Math.round(Number(walk));
        const sleep = intValue(form, 'sleep');
        if (sleep !== null) body.sleep = sleep;
        const feel = q.feel_better.filter((w) => form.elements[`feel-${w}`].checked);
        const getb = q.get_better.filter((w) => form.elements[`get-${w}`].checked);
        if (feel.length) body.feel_better = feel;
        if (getb.length) body.get_better = getb;
        const flags = tickedFlags(form, q.red_flags);
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
    field(t('checkin.walk'), { type: 'number', name: 'walk_minutes', min: 0, max: 1440, inputmode: 'numeric' }, t('checkin.walk_hint')),
    scale('sleep', t('checkin.sleep'), t('checkin.sleep_hint')),
    h('fieldset', {}, h('legend', {}, t('checkin.feel_better')), q.feel_better.map((w) => checkbox(`feel-${w}`, t(`feel.${w}`), false))),
    h('fieldset', {}, h('legend', {}, t('checkin.get_better')), q.get_better.map((w) => checkbox(`get-${w}`, t(`get.${w}`), false))),
    redFlagBoxes(q.red_flags, t('checkin.flags'), t('checkin.flags_hint')),
    err,
    button,
  );
  root.append(form);
  return page(t('checkin.title'), h('p', { class: 'muted' }, t('checkin.intro')), root);
}

function result(r, flagged) {
  if (r.queued && flagged) return offlineSafetyScreen(true);
  if (r.queued) return h('div', { class: 'notice', role: 'status', tabindex: '-1' }, t('checkin.queued'));
  const res = r.result;
  if (res.triage?.tier === 'emergency') return emergencyScreen(res.triage.reasons[0]?.message, res.triage.reasons);
  return h(
    'div',
    { class: res.triage?.tier === 'urgent' ? 'notice' : 'good', role: 'status', tabindex: '-1' },
    h('p', {}, h('strong', {}, t('checkin.saved'))),
    res.triage?.tier === 'urgent' ? [h('p', {}, t('checkin.urgent')), res.triage.reasons.map((x) => h('p', {}, x.message))] : null,
    (res.decisions || []).filter((d) => d.kind !== 'hold' && d.reason).map((d) => h('p', {}, d.reason)),
    h('p', {}, h('a', { href: '#/today' }, t('checkin.to_today'))),
  );
}
