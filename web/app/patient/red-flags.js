// red-flags.js: the red-flag questions as a list of tick boxes, and the
// answers ticked, for the intake, the check-in and the flare screen alike.
import { h } from '../dom.js';
import { checkbox } from '../widgets.js';

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
