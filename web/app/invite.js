// invite.js: the invitation link's page: choose a password; then the address
// to sign in with is said plainly, the person is signed in, and Continue takes
// a new patient straight to the intake (Today sends them there).
import { h, clear } from './dom.js';
import { post } from './api.js';
import { t } from './i18n.js';
import { signIn } from './session.js';
import { busy, errorLine, field, page } from './widgets.js';

function done(email, go) {
  return h(
    'div',
    { class: 'good', role: 'status', tabindex: '-1' },
    h('h2', {}, t('invite.done_title')),
    h('p', {}, h('strong', {}, t('invite.login', { email }))),
    h('p', {}, t('invite.keep')),
    h('p', {}, h('button', { class: 'btn big', type: 'button', onclick: () => go('/') }, t('invite.continue'))),
  );
}

export function render({ params, go }) {
  const err = errorLine();
  const root = h('div', {});
  const button = h('button', { class: 'btn big', type: 'submit' }, t('invite.submit'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const pw = form.elements.password.value;
        if (pw !== form.elements.again.value) {
          err.show({ field: 'again', message: t('invite.mismatch') });
          return;
        }
        busy(button, true);
        try {
          const { email } = await post('/invitations/accept', { token: params.token, password: pw });
          await signIn(email, pw).catch(() => null); // signed in if it can; the sign-in page otherwise
          clear(root).append(done(email, go));
          root.firstChild.focus();
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
  root.append(form);
  return page(t('invite.title'), h('p', {}, t('invite.intro')), root);
}
