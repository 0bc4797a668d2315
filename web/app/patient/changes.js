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

function line(c, names) {
  const name = (id) => (id === 'walking' ? t('today.walk') : names.get(id)?.name || id);
  if (c.kind) {
    // an engine decision
    if (c.kind === 'alert') return null;
    const what = c.item ? `${name(c.item)}: ` : '';
    const dose = c.from && c.to ? ` (${doseText(c.from)} → ${doseText(c.to)})` : '';
    return h('li', {}, what, c.reason, dose);
  }
  // a clinician's edit
  if (!c.from) return h('li', {}, t('change.added', { name: name(c.item), dose: doseText(c.to) }));
  if (!c.to) return h('li', {}, t('change.removed', { name: name(c.item) }));
  return h('li', {}, t('change.dose', { name: name(c.item), from: doseText(c.from), to: doseText(c.to) }));
}

export function changeList(changes, names) {
  return changes.map((ch) =>
    h(
      'div',
      { class: 'change' },
      h('p', {}, h('strong', {}, formatDate(ch.date)), ` · ${who(ch)}`),
      h('p', { class: 'reason' }, ch.reason),
      h('ul', {}, (ch.changes || []).map((c) => line(c, names))),
    ),
  );
}
