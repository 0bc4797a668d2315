// messages.js: the patient's messages with their care team.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { messagesView } from '../messages-view.js';
import { page } from '../widgets.js';

export async function render(ctx) {
  return page(t('messages.title'), h('p', { class: 'muted' }, t('messages.intro')), await messagesView(ctx.user.patient, ctx.user));
}
