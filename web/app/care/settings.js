// settings.js: the organization's settings, for its admins: its name, the
// number its patients' emergency screen dials, and the crisis line shown
// with the coping rule. What is dialled must be right for where the clinic
// is (999 in the UK, 112 in the EU, 911 in North America).
import { h, clear } from '../dom.js';
import { api, get } from '../api.js';
import { t } from '../i18n.js';
import { saveClinic, telHref } from '../clinic.js';
import { busy, errorLine, field, page } from '../widgets.js';

// The outgoing mail: where reminders are e-mailed from. The password is never shown again.
function mailForm(mail) {
  const err = errorLine();
  const done = h('p', { class: 'good', role: 'status', hidden: true }, t('settings.mail_saved'));
  const button = h('button', { type: 'submit', class: 'btn' }, t('settings.mail_save'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const body = { smtp_url: form.elements.smtp_url.value.trim(), from: form.elements.from.value.trim(), smtp_user: form.elements.smtp_user.value.trim() || null };
        if (form.elements.smtp_password.value) body.smtp_password = form.elements.smtp_password.value;
        busy(button, true);
        err.show(null);
        done.hidden = true;
        try {
          await api('PATCH', '/org/mail', body);
          form.elements.smtp_password.value = '';
          done.hidden = false;
        } catch (e) {
          err.show(e);
        }
        busy(button, false);
      },
    },
    field(t('settings.smtp_url'), { type: 'text', name: 'smtp_url', value: mail.smtp_url || '', placeholder: 'smtps://mail.clinic.example:465', autocomplete: 'off' }, t('settings.smtp_url_hint')),
    field(t('settings.from'), { type: 'email', name: 'from', value: mail.from || '', autocomplete: 'off' }),
    field(t('settings.smtp_user'), { type: 'text', name: 'smtp_user', value: mail.smtp_user || '', autocomplete: 'off' }),
    field(t('settings.smtp_password'), { type: 'password', name: 'smtp_password', autocomplete: 'new-password' }, t(mail.password_set ? 'settings.smtp_password_set' : 'settings.smtp_password_hint')),
    err,
    done,
    button,
  );
  return h('section', { class: 'card', 'aria-labelledby': 'mail-h' }, h('h2', { id: 'mail-h' }, t('settings.mail')), h('p', { class: 'muted' }, t('settings.mail_intro')), form);
}

export async function render() {
  const [org, mail] = await Promise.all([get('/org'), get('/org/mail')]);
  const err = errorLine();
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'btn big' }, t('settings.save'));
  const form = h(
    'form',
    { novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const name = form.elements.name.value.trim();
      const number = form.elements.emergency_number.value.trim();
      if (!name) return err.show({ field: 'name', message: t('settings.name_needed') });
      if (!number) return err.show({ field: 'emergency_number', message: t('settings.number_needed') });
      busy(button, true);
      err.show(null);
      try {
        const saved = await saveClinic({ name, emergency_number: number, crisis_line: form.elements.crisis_line.value.trim() || null, phone: form.elements.phone.value.trim() || null });
        clear(out).append(
          h(
            'div',
            { class: 'good', role: 'status' },
            h('p', {}, h('strong', {}, t('settings.saved'))),
            h('p', {}, t('settings.dials'), ' ', h('a', { href: telHref(saved.emergency_number) }, saved.emergency_number)),
          ),
        );
      } catch (e) {
        err.show(e);
      } finally {
        busy(button, false);
      }
    } },
    field(t('settings.name'), { type: 'text', name: 'name', maxlength: 200, value: org.name, required: true }),
    field(t('settings.emergency_number'), { type: 'tel', name: 'emergency_number', maxlength: 20, value: org.emergency_number, autocomplete: 'off', required: true }, t('settings.emergency_hint')),
    field(t('settings.crisis_line'), { type: 'tel', name: 'crisis_line', maxlength: 20, value: org.crisis_line || '', autocomplete: 'off' }, t('settings.crisis_hint')),
    field(t('settings.phone'), { type: 'tel', name: 'phone', maxlength: 20, value: org.phone || '', autocomplete: 'off' }, t('settings.phone_hint')),
    err,
    button,
  );
  return page(t('settings.title'), h('p', { class: 'muted' }, t('settings.intro')), form, out, mailForm(mail));
}
