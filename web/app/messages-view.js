// messages-view.js: a patient's conversation with the care team, for both
// sides: the newest at the bottom, a box to write.
import { h, clear } from './dom.js';
import { get } from './api.js';
import { formatDateTime, t } from './i18n.js';
import * as outbox from './outbox.js';
import { busy, errorLine } from './widgets.js';

export async function messagesView(pid, me) {
  const list = h('div', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': t('messages.log') });
  async function load() {
    const { messages } = await get(`/patients/${pid}/messages`);
    clear(list).append(
      ...(messages.length
        ? messages.map((m) =>
            h('div', { class: `msg${m.sender === me.id ? ' mine' : ''}` }, h('p', { class: 'muted' }, m.sender === me.id ? t('messages.you') : me.role === 'patient' ? t('messages.team') : t('messages.them'), ' · ', formatDateTime(m.sent_at)), h('p', {}, m.body)),
          )
        : [h('p', { class: 'muted' }, t('messages.none'))]),
    );
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
