// accounts.js: the organization's accounts, for its admins: who has one, in
// which role, whether they have set a password; an account disabled or
// enabled again (a disabled account's sessions and invitations end at once),
// an invitation sent again to someone who has not set a password yet, and a
// new clinician or admin invited.
import { api, get, post } from '../api.js';
import { h, clear } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { busy, errorLine, field, page, select } from '../widgets.js';

function inviteResult(res) {
  return res.emailed
    ? h('p', { class: 'good', role: 'status' }, t('accounts.emailed', { email: res.email }))
    : h('div', { class: 'good', role: 'status' }, h('p', {}, t('accounts.link', { email: res.email })), h('p', {}, h('a', { class: 'invite-link', href: `${location.origin}${res.link}` }, `${location.origin}${res.link}`)));
}

function row(u, me, out, refresh) {
  const actions = h('div', { class: 'row' });
  if (u.id !== me) {
    const toggle = h('button', { type: 'button', class: 'btn ghost' }, t(u.disabled ? 'accounts.enable' : 'accounts.disable'));
    toggle.addEventListener('click', async () => {
      busy(toggle, true);
      try {
        await api('PATCH', `/users/${u.id}`, { disabled: !u.disabled });
        refresh();
      } catch (e) {
        clear(out).append(h('p', { class: 'error', role: 'alert' }, e.message));
        busy(toggle, false);
      }
    });
    actions.append(toggle);
  }
  if (!u.password_set && !u.disabled) {
    const again = h('button', { type: 'button', class: 'btn ghost' }, t('accounts.resend'));
    again.addEventListener('click', async () => {
      busy(again, true);
      try {
        clear(out).append(inviteResult(await post('/invitations', { email: u.email, role: u.role, ...(u.patient ? { patient: u.patient } : {}) })));
      } catch (e) {
        clear(out).append(h('p', { class: 'error', role: 'alert' }, e.message));
      }
      busy(again, false);
    });
    actions.append(again);
  }
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, u.email),
    h('td', {}, t(`role.${u.role}`)),
    h('td', {}, u.disabled ? t('accounts.disabled') : u.password_set ? t('accounts.active') : t('accounts.invited')),
    h('td', {}, formatDate(u.created_at)),
    h('td', {}, actions),
  );
}

function inviteForm(out, refresh) {
  const err = errorLine();
  const button = h('button', { type: 'submit', class: 'btn' }, t('accounts.invite'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        busy(button, true);
        err.show(null);
        try {
          const res = await post('/invitations', { email: form.elements.email.value.trim(), role: form.elements.role.value });
          form.reset();
          await refresh();
          clear(out).append(inviteResult(res));
        } catch (e) {
          err.show(e);
        }
        busy(button, false);
      },
    },
    field(t('accounts.email'), { type: 'email', name: 'email', autocomplete: 'off', required: true }),
    select(t('accounts.role'), 'role', [['clinician', t('role.clinician')], ['admin', t('role.admin')]], 'clinician'),
    err,
    button,
  );
  return h('section', { class: 'card', 'aria-labelledby': 'inv-h' }, h('h2', { id: 'inv-h' }, t('accounts.new')), h('p', { class: 'muted' }, t('accounts.new_hint')), form);
}

export async function render(ctx) {
  const out = h('div', { 'aria-live': 'polite' });
  const table = h('tbody', {});
  const refresh = async () => {
    const { users } = await get('/users');
    clear(table).append(...users.map((u) => row(u, ctx.user.id, out, refresh)));
  };
  await refresh();
  return page(
    t('accounts.title'),
    h('p', { class: 'muted' }, t('accounts.intro')),
    out,
    h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, ['accounts.email', 'accounts.role', 'accounts.state', 'accounts.since', 'accounts.actions'].map((k) => h('th', { scope: 'col' }, t(k))))), table)),
    inviteForm(out, refresh),
  );
}
