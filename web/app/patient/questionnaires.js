// questionnaires.js: STarT Back, the disability questionnaires (ODI or RMDQ)
// and the patient's own activities (PSFS) as form parts, with their answers read
// back, for the intake and for the 4-weekly follow-up alike. Item wording
// comes from the server (paraphrased topics unless the deployment loaded
// licensed wording).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { checkbox, choices, field, intValue } from '../widgets.js';

// STarT Back: items 1-8 agree (1) or disagree (0), item 9 how bothersome (0..4).
export function startbackFields(instrument, answers = []) {
  return instrument.items.map((it, k) => {
    const value = answers[k] === undefined ? null : String(answers[k]);
    return k < 8
      ? choices(`sb${k}`, it.text || it.topic, [['1', t('intake.agree')], ['0', t('intake.disagree')]], value)
      : choices(`sb${k}`, it.text || it.topic, [0, 1, 2, 3, 4].map((v) => [String(v), t(`intake.bother${v}`)]), value);
  });
}

// The nine answers, or a problem naming the first one missing.
export function startbackAnswers(form, instrument) {
  const answers = instrument.items.map((_, k) => intValue(form, `sb${k}`));
  const missing = answers.findIndex((a) => a === null);
  if (missing >= 0) return { problem: { field: `startback[${missing}]`, message: t('intake.need_answer') } };
  return { answers };
}

// ODI: ten sections, 0..5 each; up to two may be left out.
export function odiFields(instrument, answers = []) {
  return instrument.items.map((it, k) =>
    choices(`odi${k}`, it.text || it.topic, [0, 1, 2, 3, 4, 5].map((v) => [String(v), v === 0 ? t('intake.odi0') : v === 5 ? t('intake.odi5') : String(v)]), answers[k] == null ? null : String(answers[k])),
  );
}

// The answers, or a problem naming the field.
export function odiAnswers(form, instrument) {
  const answers = instrument.items.map((_, k) => intValue(form, `odi${k}`));
  if (answers.filter((a) => a !== null).length < 8) return { problem: { field: 'odi', message: t('intake.odi_need') } };
  return { answers };
}

// RMDQ: tick each statement that applies today; the score is how many.
export function rmdqFields(instrument, ticked = []) {
  return h(
    'fieldset',
    {},
    h('legend', {}, t('rmdq.legend')),
    h('p', { class: 'hint' }, t('rmdq.hint')),
    instrument.items.map((it, k) => checkbox(`rmdq${k + 1}`, it.text || it.topic, ticked.includes(k + 1))),
  );
}

export function rmdqAnswers(form, instrument) {
  return { answers: instrument.items.map((_, k) => k + 1).filter((n) => form.elements[`rmdq${n}`].checked) };
}

// PSFS at a follow-up: the same activities as at the start, rated again.
export function psfsRerate(activities) {
  return activities.map((activity, k) =>
    field(t('followup.psfs_rating', { activity }), { type: 'number', name: `psfs${k}`, min: 0, max: 10, inputmode: 'numeric' }, t('intake.goal_rating_hint')),
  );
}

export function psfsRerateAnswers(form, activities) {
  const out = [];
  for (let k = 0; k < activities.length; k++) {
    const raw = form.elements[`psfs${k}`].value.trim();
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < 0 || n > 10) return { problem: { field: `psfs[${k}].rating`, message: t('intake.goal_rating_need') } };
    out.push({ activity: activities[k], rating: n });
  }
  return { answers: out };
}
