// alerts.js: the care team's queue: the alerts, each with the date its
// answer is due (acknowledge, or resolve with a note, and lift a red flag's
// pause on the program when it is safe to); then the other promises made to
// patients (a plan review, a first contact) by due date, each marked done
// with a note.
import { h } from '../dom.js';
import { get, post } from '../api.js';
import { formatDate, t } from '../i18n.js';
import { todayIso } from '../library.js';
import { busy, checkbox, errorLine, page, tierTag } from '../widgets.js';
import { noteForm } from './note-form.js';

export async function render(ctx) {
  const [{ alerts }, { patients }, { tasks }] = await Promise.all([get('/alerts'), get('/panel'), get('/tasks')]);
  const names = new Map(patients.map((p) => [p.patient, p.name]));
  const due = new Map(tasks.filter((k) => k.alert).map((k) => [k.alert, k.due]));
  const own = tasks.filter((k) => !k.alert); // an alert's own task is its card below
  // the alerts first, most serious first; then the promised reviews, by due date
  return page(
    t('alerts.title'),
    alerts.length ? alerts.map((a) => alertCard(a, names, due.get(a.id), ctx)) : h('p', {}, t('alerts.empty')),
    own.length ? [h('h2', {}, t('tasks.title')), own.map((k) => taskCard(k, names, ctx))] : null,
  );
}

const overdue = (date) => date < todayIso();

// A promise made to a patient: what to do, by when, and a note saying it was done.
function taskCard(k, names, ctx) {
  const form = noteForm({
    id: `task-${k.id}`,
    label: t('tasks.note'),
    button: t('tasks.done'),
    send: (_f, note) => post(`/tasks/${k.id}/done`, { note }),
    done: ctx.refresh,
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `tk-${k.id}` },
    h('h3', { id: `tk-${k.id}` }, t(`task_kind.${k.kind}`), ': ', h('a', { href: `#/patients/${k.patient}` }, names.get(k.patient) || t('alerts.patient'))),
    h('p', {}, k.title),
    h('p', { class: overdue(k.due) ? 'overdue' : 'muted' }, t(overdue(k.due) ? 'tasks.overdue' : 'tasks.due', { date: formatDate(k.due) })),
    h('details', {}, h('summary', {}, t('tasks.done_with_note')), form),
  );
}

function alertCard(a, names, due, ctx) {
  const err = errorLine();
  const ack = h('button', { type: 'button', class: 'btn ghost', onclick: async () => {
    busy(ack, true);
    try {
      await post(`/alerts/${a.id}/acknowledge`, {});
      ctx.refresh();
    } catch (e) {
      err.show(e);
      busy(ack, false);
    }
  } }, t('alerts.acknowledge'));
  const form = noteForm({
    id: `note-${a.id}`,
    label: t('alerts.note'),
    button: t('alerts.resolve'),
    extra: a.tier !== 'routine' ? checkbox('resume', t('alerts.resume'), false) : null,
    send: (f, note) => post(`/alerts/${a.id}/resolve`, f.elements.resume?.checked ? { note, resume_program: true } : { note }),
    done: ctx.refresh,
    err,
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `al-${a.id}` },
    h('h2', { id: `al-${a.id}` }, tierTag(a.tier), ' ', h('a', { href: `#/patients/${a.patient}` }, names.get(a.patient) || t('alerts.patient'))),
    // the clinician's words first; the patient's, when they were told something, beneath
    h('p', {}, a.for_care_team || a.reason),
    a.for_care_team && a.for_care_team !== a.reason ? h('p', { class: 'muted' }, t('alerts.patient_read', { text: a.reason })) : null,
    // the answers behind it, one line an occurrence
    a.detail ? h('ul', { class: 'muted detail' }, a.detail.split('\n').map((line) => h('li', {}, line))) : null,
    h('p', { class: 'muted' }, t('alerts.opened', { date: formatDate(a.opened), status: t(`alert_status.${a.status}`) })),
    due ? h('p', { class: overdue(due) ? 'overdue' : 'muted' }, t(overdue(due) ? 'alerts.overdue' : 'alerts.respond_by', { date: formatDate(due) })) : null,
    a.occurrences > 1 ? h('p', { class: 'muted' }, t('alerts.again', { n: a.occurrences, date: formatDate(a.last_seen) })) : null,
    a.status === 'open' ? h('p', {}, ack) : null,
    h('details', {}, h('summary', {}, t('alerts.resolve_with_note')), form),
    err,
  );
}
