// alerts.js: the alert queue: acknowledge, or resolve with a note (and lift
// a red flag's pause on the program when it is safe to).
import { h } from '../dom.js';
import { get, post } from '../api.js';
import { formatDate, t } from '../i18n.js';
import { busy, checkbox, errorLine, page, tierTag } from '../widgets.js';
import { noteForm } from './note-form.js';

export async function render(ctx) {
  const [{ alerts }, { patients }] = await Promise.all([get('/alerts'), get('/panel')]);
  const names = new Map(patients.map((p) => [p.patient, p.name]));
  return page(
    t('alerts.title'),
    alerts.length ? alerts.map((a) => alertCard(a, names, ctx)) : h('p', {}, t('alerts.empty')),
  );
}

function alertCard(a, names, ctx) {
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
    h('p', {}, a.reason),
    // the answers behind it, one line an occurrence
    a.detail ? h('ul', { class: 'muted detail' }, a.detail.split('\n').map((line) => h('li', {}, line))) : null,
    h('p', { class: 'muted' }, t('alerts.opened', { date: formatDate(a.opened), status: t(`alert_status.${a.status}`) })),
    a.occurrences > 1 ? h('p', { class: 'muted' }, t('alerts.again', { n: a.occurrences, date: formatDate(a.last_seen) })) : null,
    a.status === 'open' ? h('p', {}, ack) : null,
    h('details', {}, h('summary', {}, t('alerts.resolve_with_note')), form),
    err,
  );
}
