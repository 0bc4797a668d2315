// invite.js: the invitation link's page: choose a password, then sign in.
import { h } from './dom.js';
import { post } from './api.js';
import { t } from './i18n.js';
import { busy, errorLine, field, page } from './widgets.js';

export function render({ params, go }) {
  const err = errorLine();
  const button = h('button', { class: 'btn big', type: 'submit' }, t('invite.submit'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const pw = form.elements.password.value;
        if (pw !== form.elements.again.value) {
          err.textContent = t('invite.mismatch');
          return;
        }
        busy(button, true);
        try {
          await post('/invitations/accept', { token: params.token, password: pw });
          go('/signin');
        } catch (e) {
          err.show(e.field === 'token' ? { message: e.message } : e);
          busy(button, false);
        }
      },
    },
    field(t('invite.password'), { type: 'password', name: 'password', autocomplete: 'new-password', minlength: 10, required: true }, t('invite.password_hint')),
    field(t('invite.again'), { type: 'password', name: 'again', autocomplete: 'new-password', required: true }),
    err,
    button,
  );
  return page(t('invite.title'), h('p', {}, t('invite.intro')), form);
}
