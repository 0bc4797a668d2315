// red-flags.js: the red-flag questions as a list of tick boxes, the choice
// and number answers (a fall, a weaker leg, a temperature), and the answers
// given, for the intake, the check-in and the flare screen alike.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { checkbox, field, select } from '../widgets.js';

export function redFlagBoxes(questions, legend, hint, answers = {}) {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    questions.map((q) => checkbox(`rf-${q.field}`, q.question, answers[q.field] === true)),
  );
}

// {field: true|false} for every question asked.
export function flagAnswers(form, questions) {
  return Object.fromEntries(questions.map((q) => [q.field, form.elements[`rf-${q.field}`].checked]));
}

// Only the ticked answers, or null when none is ticked.
export function tickedFlags(form, questions) {
  const ticked = questions.filter((q) => form.elements[`rf-${q.field}`].checked);
  return ticked.length ? Object.fromEntries(ticked.map((q) => [q.field, true])) : null;
}

// A fall, knock or strain (the intake asks since the pain began, a check-in
// since the last one), and a weaker leg.
export const traumaSelect = (label, value = 'none') =>
  select(label, 'trauma', [['none', t('intake.trauma_none')], ['minor', t('intake.trauma_minor')], ['major', t('intake.trauma_major')]], value);
export const weaknessSelect = (value = 'none') =>
  select(t('intake.weakness'), 'leg_weakness', [['none', t('intake.weakness_none')], ['stable', t('intake.weakness_stable')], ['progressive', t('intake.weakness_progressive')]], value);

// The temperature, when taken (degrees Celsius, one decimal).
export const temperatureField = (value = '') =>
  field(t('checkin.temperature'), { type: 'number', name: 'temperature_c', min: 30, max: 45, step: 0.1, inputmode: 'decimal', value }, t('checkin.temperature_hint'));

// {value} (undefined when not taken), or {problem} naming the field.
export function temperatureAnswer(form) {
  const text = form.elements.temperature_c.value;
  if (text === '') return {};
  const c = Number(text);
  if (!(c >= 30 && c <= 45)) return { problem: { field: 'red_flags.temperature_c', message: t('checkin.temperature_range') } };
  return { value: Math.round(c * 10) / 10 };
}
