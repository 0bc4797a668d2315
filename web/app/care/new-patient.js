// new-patient.js: a new patient record, and the patient invited (a one-time
// link to set a password: e-mailed when the clinic has set its mail, else
// shown here to pass on). A clinician who makes the record is on its care
// team; an admin chooses the clinician.
import { h, clear } from '../dom.js';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { busy, errorLine, field, page, select } from '../widgets.js';

export async function render(ctx) {
  const admin = ctx.user.role === 'admin';
  const clinicians = admin ? (await get('/users')).users.filter((u) => u.role === 'clinician' && !u.disabled) : [];
  const err = errorLine();
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'btn big' }, t('newp.save'));
  const form = h(
    'form',
    { novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const name = form.elements.name.value.trim();
      const year = Number(form.elements.birth_year.value);
      if (!name) return err.show({ field: 'name', message: t('newp.name_needed') });
      if (!Number.isInteger(year) || year < 1900) return err.show({ field: 'birth_year', message: t('newp.year_needed') });
      busy(button, true);
      err.show(null);
      try {
        const p = await post('/patients', { name, birth_year: year });
        let invite = null;
        if (admin && form.elements.clinician.value) await post(`/patients/${p.id}/care-team`, { clinician: form.elements.clinician.value });
        const email = form.elements.email.value.trim();
        if (email) invite = await post('/invitations', { email, role: 'patient', patient: p.id });
        clear(out).append(
          h(
            'div',
            { class: 'good', role: 'status' },
            h('p', {}, h('strong', {}, t('newp.done', { name }))),
            !invite
              ? h('p', {}, t('newp.no_invite'))
              : invite.emailed
                ? h('p', {}, t('newp.emailed', { email: invite.email }))
                : [h('p', {}, t('newp.link')), h('p', {}, h('a', { href: `${location.origin}${invite.link}`, class: 'invite-link' }, `${location.origin}${invite.link}`))],
            h('p', {}, h('a', { href: `#/patients/${p.id}` }, t('newp.open'))),
          ),
        );
        form.reset();
      } catch (e) {
        err.show(e);
      } finally {
        busy(button, false);
      }
    } },
    field(t('newp.name'), { type: 'text', name: 'name', maxlength: 200, autocomplete: 'off', required: true }),
    field(t('newp.birth_year'), { type: 'number', name: 'birth_year', min: 1900, max: new Date().getUTCFullYear(), inputmode: 'numeric', required: true }),
    admin ? select(t('newp.clinician'), 'clinician', [['', t('newp.no_clinician')], ...clinicians.map((c) => [c.id, c.email])], clinicians[0]?.id || '') : null,
    field(t('newp.email'), { type: 'email', name: 'email', autocomplete: 'off' }, t('newp.email_hint')),
    err,
    button,
  );
  return page(t('newp.title'), form, out);
}
