// conversation.js: one patient's messages, opened from the care team's inbox.
import { h } from '../dom.js';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { messagesView } from '../messages-view.js';
import { page } from '../widgets.js';

export async function render(ctx) {
  const id = ctx.params.id;
  const patient = await get(`/patients/${encodeURIComponent(id)}`);
  return page(
    t('inbox.with', { name: patient.name }),
    h('p', {}, h('a', { href: `#/patients/${encodeURIComponent(id)}` }, t('inbox.to_patient', { name: patient.name })), ' · ', h('a', { href: '#/inbox' }, t('inbox.back'))),
    await messagesView(id, ctx.user),
  );
}
