// changes.js: plan changes with their plain-language reasons, shared by
// today's screen, progress and the care team's patient page.
import { h } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { doseText } from '../library.js';

function who(change) {
  if (change.author === 'engine') return t('change.by_engine');
  if (change.author === 'intake') return t('change.by_intake');
  return t('change.by_care_team');
}

function line(c, names, said) {
  const name = (id) => (id === 'walking' ? t('today.walk') : names.get(id)?.name || id);
  if (c.kind) {
    // an engine decision
    if (c.kind === 'alert') return null;
    const what = c.item ? `${name(c.item)}: ` : '';
    const dose = c.from && c.to ? ` (${doseText(c.from)} → ${doseText(c.to)})` : '';
    // the change's reason is said once: not again under it when it is the same words
    if (c.reason === said) return c.item ? h('li', {}, name(c.item), dose) : null;
    return h('li', {}, what, c.reason, dose);
  }
  // a clinician's edit
  if (!c.from) return h('li', {}, t('change.added', { name: name(c.item), dose: doseText(c.to) }));
  if (!c.to) return h('li', {}, t('change.removed', { name: name(c.item) }));
  return h('li', {}, t('change.dose', { name: name(c.item), from: doseText(c.from), to: doseText(c.to) }));
}

// Each reason once: an engine change's reason is its items' reasons run together, so
// when every item says its own, the whole is not said again above them.
export function changeList(changes, names) {
  return changes.map((ch) => {
    const said = (ch.changes || []).filter((c) => c.kind && c.kind !== 'alert' && c.reason);
    const covered = said.length > 0 && said.every((c) => (ch.reason || '').includes(c.reason));
    return h(
      'div',
      { class: 'change' },
      h('p', {}, h('strong', {}, formatDate(ch.date)), ` · ${who(ch)}`),
      covered ? null : h('p', { class: 'reason' }, ch.reason),
      h('ul', {}, (ch.changes || []).map((c) => line(c, names, covered ? null : ch.reason))),
    );
  });
}
