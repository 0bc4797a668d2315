// plan-why.js: why a plan is as it is, in the words the person read: first
// what they asked for that is not in it (each with the reason and what
// would change it: issue 21, "honoured or the reason is given"), then the
// whole explanation, folded. The patient sees it when the plan is made; the
// care team on the patient's page.
import { h } from './dom.js';
import { t } from './i18n.js';

let n = 0;

export function planWhy(plan, title = t('intake.why_title')) {
  if (!plan?.explanation) return null;
  const id = `plan-why-${++n}`;
  return h(
    'section',
    { class: 'card plan-why', 'aria-labelledby': id },
    h('h2', { id }, title),
    plan.omitted?.length ? [h('h3', {}, t('intake.left_out')), h('ul', {}, plan.omitted.map((o) => h('li', {}, o.why)))] : null,
    h('details', {}, h('summary', {}, t('intake.why_all')), h('p', {}, plan.explanation)),
  );
}
