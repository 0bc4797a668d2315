// signin.js: e-mail and password.
import { h } from './dom.js';
import { t } from './i18n.js';
import { signIn } from './session.js';
import { busy, errorLine, field, page } from './widgets.js';

export function render({ go }) {
  const err = errorLine();
  const button = h('button', { class: 'btn big', type: 'submit' }, t('signin.submit'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        busy(button, true);
        err.show(null);
        try {
          const u = await signIn(form.elements.email.value.trim(), form.elements.password.value);
          window.dispatchEvent(new Event('mrx:signed-in'));
          go(u.role === 'patient' ? '/today' : '/panel');
        } catch (e) {
          err.show(e);
          busy(button, false);
        }
      },
    },
    field(t('signin.email'), { type: 'email', name: 'email', autocomplete: 'username', required: true }),
    field(t('signin.password'), { type: 'password', name: 'password', autocomplete: 'current-password', required: true }),
    err,
    button,
  );
  return page(t('signin.title'), h('p', {}, t('signin.intro')), form);
}
