// inbox.js: the care team's conversations, those waiting for a reply (the
// patient wrote last) first, then the most recent. Built from the panel,
// which carries each patient's last message.
import { h } from '../dom.js';
import { get } from '../api.js';
import { formatDateTime, t } from '../i18n.js';
import { page } from '../widgets.js';

export async function render() {
  const { patients } = await get('/panel');
  const talks = patients
    .filter((p) => p.last_message)
    .sort((a, b) => Number(b.last_message.from === 'patient') - Number(a.last_message.from === 'patient') || (a.last_message.at < b.last_message.at ? 1 : a.last_message.at > b.last_message.at ? -1 : 0));
  const waiting = talks.filter((p) => p.last_message.from === 'patient').length;
  return page(
    t('inbox.title'),
    h('p', { class: 'muted' }, waiting ? t(waiting === 1 ? 'inbox.waiting.one' : 'inbox.waiting.other', { n: waiting }) : t('inbox.none_waiting')),
    talks.length
      ? h(
          'table',
          {},
          h('caption', { class: 'sr-only' }, t('inbox.caption')),
          h('thead', {}, h('tr', {}, ['panel.name', 'inbox.last', 'inbox.state'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h(
            'tbody',
            {},
            talks.map((p) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/patients/${p.patient}/messages` }, p.name), p.unread_messages ? [' ', h('span', { class: 'tag new' }, t('inbox.unread', { n: p.unread_messages }))] : null),
                h('td', {}, formatDateTime(p.last_message.at)),
                h('td', {}, p.last_message.from === 'patient' ? h('span', { class: 'tag tier-routine' }, t('inbox.awaiting')) : t('inbox.answered')),
              ),
            ),
          ),
        )
      : h('p', {}, t('inbox.empty')),
  );
}
