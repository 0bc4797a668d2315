// messages-view.js: a patient's conversation with the care team, for both
// sides: the newest at the bottom, a box to write.
import { h, clear } from './dom.js';
import { get, post } from './api.js';
import { formatDateTime, t } from './i18n.js';
import * as outbox from './outbox.js';
import { busy, errorLine } from './widgets.js';

export async function messagesView(pid, me) {
  const list = h('div', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': t('messages.log') });
  // who wrote it: you, your care team (by name), the patient, or a colleague
  const who = (m) => {
    if (m.sender === me.id) return t('messages.you');
    if (m.from === 'patient') return t('messages.patient');
    return me.role === 'patient' ? t('messages.team_member', { name: m.sender_name || t('messages.team') }) : t('messages.colleague', { name: m.sender_name || '' });
  };
  async function load() {
    const { messages } = await get(`/patients/${pid}/messages`);
    const mine = me.role === 'patient' ? 'patient' : 'care_team';
    clear(list).append(
      ...(messages.length
        ? messages.map((m) =>
            h('div', { class: `msg${m.sender === me.id ? ' mine' : ''}${m.from !== mine && !m.read ? ' unread' : ''}` }, h('p', { class: 'muted' }, who(m), ' · ', formatDateTime(m.sent_at), m.from !== mine && !m.read ? h('span', { class: 'tag new' }, t('messages.new')) : null), h('p', {}, m.body)),
          )
        : [h('p', { class: 'muted' }, t('messages.none'))]),
    );
    // read now: the other side's messages are marked, and the badge follows
    if (messages.some((m) => m.from !== mine && !m.read))
      post(`/patients/${pid}/messages/read`)
        .then(() => window.dispatchEvent(new Event('mrx:read')))
        .catch(() => {});
  }
  await load();
  const err = errorLine();
  const button = h('button', { class: 'btn', type: 'submit' }, t('messages.send'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const body = form.elements.body.value.trim();
        if (!body) return err.show({ field: 'body', message: t('messages.empty') });
        busy(button, true);
        try {
          const r = await outbox.submit('message', `/patients/${pid}/messages`, { body });
          form.reset();
          err.show(null);
          if (r.queued) err.textContent = t('messages.queued');
          else await load();
        } catch (e) {
          err.show(e);
        } finally {
          busy(button, false);
        }
      },
    },
    h('label', { for: 'msg-body' }, t('messages.write')),
    h('textarea', { id: 'msg-body', name: 'body', maxlength: 10000 }),
    err,
    button,
  );
  return [list, form];
}
