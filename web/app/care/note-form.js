// note-form.js: a clinician's action that needs a note saying what was done
// (resolving an alert, lifting a pause): the note, anything else the action
// takes, the button; the note is required, and what the server refuses is
// shown on the form.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { busy, errorLine } from '../widgets.js';

// send(form, note) makes the request; done() runs once it has succeeded.
// A card with other actions passes its own error line (err) and shows it
// itself; otherwise the form shows its own above the button.
export function noteForm({ id, label, button, extra, send, done, err }) {
  const own = !err;
  if (own) err = errorLine();
  const submit = h('button', { type: 'submit', class: 'btn' }, button);
  const form = h(
    'form',
    { novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const note = form.elements.note.value.trim();
      if (!note) return err.show({ field: 'note', message: t('alerts.note_needed') });
      busy(submit, true);
      try {
        await send(form, note);
        done();
      } catch (e) {
        err.show(e);
        busy(submit, false);
      }
    } },
    h('label', { for: id }, label),
    h('textarea', { id, name: 'note', maxlength: 2000 }),
    extra || null,
    own ? err : null,
    submit,
  );
  return form;
}
