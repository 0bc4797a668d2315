// alerts.js: the care team's queue: the alerts, grouped by patient and
// filtered by tier, state or name, each with the date its answer is due
// (acknowledge, one by one, a patient's all at once or those ticked; or
// resolve with a note, and lift a red flag's pause on the program when it is
// safe to); then the other promises made to patients (a plan review, a first
// contact) by due date, each marked done with a note.
import { clear, h } from '../dom.js';
import { get, post } from '../api.js';
import { formatDate, t } from '../i18n.js';
import { todayIso } from '../library.js';
import { busy, checkbox, errorLine, page, tierTag } from '../widgets.js';
import { noteForm } from './note-form.js';

const TIERS = ['emergency', 'urgent', 'routine'];

// Acknowledges each alert in turn; the page is drawn again after.
async function acknowledgeAll(ids, button, err, ctx) {
  busy(button, true);
  err.show(null);
  try {
    for (const id of ids) await post(`/alerts/${id}/acknowledge`, {});
    ctx.refresh();
  } catch (e) {
    err.show(e);
    busy(button, false);
  }
}

function filters(state, draw) {
  const change = (ev) => {
    state[ev.target.name] = ev.target.value;
    draw(true);
  };
  const sel = (name, label, options) =>
    h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), h('select', { id: `f-${name}`, name, onchange: change }, options.map(([v, text]) => h('option', { value: v, selected: state[name] === v }, text))));
  return h(
    'form',
    { role: 'search', class: 'filters', 'aria-label': t('alerts.filters'), onsubmit: (ev) => ev.preventDefault() },
    sel('tier', t('alerts.filter_tier'), [['', t('alerts.any')], ...TIERS.map((x) => [x, t(`tier.${x}`)])]),
    sel('status', t('alerts.filter_status'), [['', t('alerts.any')], ['open', t('alerts.state_open')], ['acknowledged', t('alerts.state_acknowledged')]]),
    h('div', { class: 'field' }, h('label', { for: 'f-name' }, t('alerts.filter_name')), h('input', { id: 'f-name', name: 'name', type: 'search', value: state.name, oninput: change })),
  );
}

export async function render(ctx) {
  const [{ alerts }, { patients }, { tasks }] = await Promise.all([get('/alerts'), get('/panel'), get('/tasks')]);
  const names = new Map(patients.map((p) => [p.patient, p.name]));
  const due = new Map(tasks.filter((k) => k.alert).map((k) => [k.alert, k.due]));
  const own = tasks.filter((k) => !k.alert); // an alert's own task is its card below
  const state = { tier: '', status: '', name: '' };
  const selected = new Set();
  const err = errorLine();
  const list = h('div', {});
  const bulk = h('button', { type: 'button', class: 'btn', disabled: true }, t('alerts.ack_selected', { n: 0 }));
  const syncBulk = () => {
    bulk.disabled = selected.size === 0;
    bulk.textContent = t('alerts.ack_selected', { n: selected.size });
  };
  bulk.addEventListener('click', () => acknowledgeAll([...selected], bulk, err, ctx));
  // most serious first within a patient; patients in the order of their most serious alert
  const draw = (refilter) => {
    if (refilter) {
      selected.clear(); // never act on alerts the filter hides
      syncBulk();
    }
    const shown = alerts.filter((a) => (!state.tier || a.tier === state.tier) && (!state.status || a.status === state.status) && (!state.name || (names.get(a.patient) || '').toLowerCase().includes(state.name.toLowerCase())));
    const groups = new Map();
    for (const a of shown) (groups.get(a.patient) || groups.set(a.patient, []).get(a.patient)).push(a);
    clear(list).append(
      shown.length
        ? h('p', { class: 'muted', role: 'status' }, t('alerts.showing', { n: shown.length, of: alerts.length, patients: groups.size }))
        : h('p', { role: 'status' }, alerts.length ? t('alerts.none_match') : t('alerts.empty')),
      ...[...groups].map(([patient, list]) => patientGroup(patient, list, names, due, selected, syncBulk, err, ctx)),
    );
  };
  draw();
  return page(
    t('alerts.title'),
    alerts.length ? [filters(state, draw), h('div', { class: 'row bulk' }, bulk), err] : null,
    list,
    own.length ? [h('h2', {}, t('tasks.title')), own.map((k) => taskCard(k, names, ctx))] : null,
  );
}

// One patient's alerts under their name, with a way to acknowledge them all. An
// emergency is never acknowledged in bulk: each is read and answered on its own.
function patientGroup(patient, alerts, names, due, selected, syncBulk, err, ctx) {
  const open = alerts.filter((a) => a.status === 'open' && a.tier !== 'emergency').map((a) => a.id);
  const name = names.get(patient) || t('alerts.patient');
  const emergency = alerts.some((a) => a.status === 'open' && a.tier === 'emergency');
  const all = h('button', { type: 'button', class: 'btn ghost' }, t(emergency ? 'alerts.ack_others' : 'alerts.ack_all', { n: open.length }));
  all.addEventListener('click', () => acknowledgeAll(open, all, err, ctx));
  return h(
    'section',
    { class: 'alert-group', 'aria-labelledby': `ag-${patient}` },
    h('h2', { id: `ag-${patient}` }, h('a', { href: `#/patients/${patient}` }, name), ' ', h('span', { class: 'muted' }, t('alerts.count', { n: alerts.length }))),
    open.length > 1 ? h('p', {}, all) : null,
    alerts.map((a) => alertCard(a, name, due.get(a.id), ctx, selected, syncBulk)),
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

function alertCard(a, name, due, ctx, selected, syncBulk) {
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
    h(
      'h3',
      { id: `al-${a.id}` },
      a.status === 'open' && a.tier !== 'emergency'
        ? h('input', { type: 'checkbox', class: 'pick', 'aria-label': t('alerts.select', { name }), checked: selected.has(a.id), onchange: (ev) => (ev.target.checked ? selected.add(a.id) : selected.delete(a.id), syncBulk()) })
        : null,
      tierTag(a.tier),
    ),
    // the clinician's words first; the patient's, when they were told something, beneath
    h('p', {}, a.for_care_team || a.reason),
    a.for_care_team && a.for_care_team !== a.reason ? h('p', { class: 'muted' }, t('alerts.patient_read', { text: a.reason })) : null,
    // the answers behind it, one line an occurrence
    a.detail ? h('ul', { class: 'muted detail' }, a.detail.split('\n').map((line) => h('li', {}, line))) : null,
    // when, and by when: one line
    h(
      'p',
      { class: 'when' },
      h('span', { class: 'muted' }, t('alerts.opened', { date: formatDate(a.opened), status: t(`alert_status.${a.status}`) })),
      due ? h('span', { class: overdue(due) ? 'overdue' : 'muted' }, ` · ${t(overdue(due) ? 'alerts.overdue' : 'alerts.respond_by', { date: formatDate(due) })}`) : null,
      a.occurrences > 1 ? h('span', { class: 'muted' }, ` · ${t('alerts.again', { n: a.occurrences, date: formatDate(a.last_seen) })}`) : null,
    ),
    h('div', { class: 'row actions' }, a.status === 'open' ? ack : null, h('details', {}, h('summary', {}, t('alerts.resolve_with_note')), form)),
    err,
  );
}
