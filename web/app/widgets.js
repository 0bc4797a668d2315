// widgets.js: the form pieces every screen uses, accessible by construction:
// every input has a label, every group a legend, errors name their field.
import { h, nextId } from './dom.js';
import { has, t } from './i18n.js';

export function page(title, ...children) {
  return h('div', { class: 'page' }, h('h1', { tabindex: '-1' }, title), ...children);
}

// A 0..10 scale as a row of radio buttons (large touch targets).
export function scale(name, legend, hint, value) {
  const hintId = nextId('hint');
  return h(
    'fieldset',
    { 'aria-describedby': hint ? hintId : null },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h(
      'div',
      { class: 'choices' },
      Array.from({ length: 11 }, (_, i) =>
        h('label', {}, h('input', { type: 'radio', name, value: String(i), checked: value === i }), h('span', {}, String(i))),
      ),
    ),
  );
}

// Radio choices: options is [[value, label], ...].
export function choices(name, legend, options, value) {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    h(
      'div',
      { class: 'choices' },
      options.map(([v, label]) =>
        h('label', {}, h('input', { type: 'radio', name, value: v, checked: value === v }), h('span', {}, label)),
      ),
    ),
  );
}

export function checkbox(name, label, checked, value) {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: value || 'on', checked }), h('span', {}, label));
}

// A labelled input; attrs go on the input.
export function field(label, attrs, hint) {
  const id = nextId();
  const hintId = hint ? `${id}-hint` : null;
  const input = attrs.tag === 'textarea' ? h('textarea', { ...attrs, tag: null, id, 'aria-describedby': hintId }) : h(attrs.tag || 'input', { ...attrs, tag: null, id, 'aria-describedby': hintId });
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, input);
}

export function select(label, name, options, value) {
  const id = nextId();
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))),
  );
}

// A field named by the API or by a form check ("pain_now", "startback[3]")
// in the words of the form, when the catalogue has them.
function fieldLabel(field) {
  const m = /^([a-z_]+)(?:\[(\d+)\])?/.exec(field);
  if (!m || !has(`field.${m[1]}`)) return field;
  return m[2] === undefined ? t(`field.${m[1]}`) : t('error.field_item', { name: t(`field.${m[1]}`), n: Number(m[2]) + 1 });
}

// The form's error line: shows an ApiError with the field it names, marks
// that field invalid and moves the focus to it when the form has it.
export function errorLine() {
  const el = h('p', { class: 'error', role: 'alert', id: nextId('err') });
  let marked = [];
  el.show = (e) => {
    for (const m of marked) {
      m.removeAttribute('aria-invalid');
      m.removeAttribute('aria-errormessage');
    }
    marked = [];
    el.textContent = e ? (e.offline ? t('error.offline') : e.field ? t('error.field', { field: fieldLabel(e.field), message: e.message }) : e.message) : '';
    const form = el.closest('form');
    if (!e?.field || !form) return;
    // "odi[2]" is the input "odi2" of a list, or the group "odi"
    const m = /^([a-z_]+)(?:\[(\d+)\])?/.exec(e.field);
    const names = [e.field, ...(m ? [m[1], m[2] === undefined ? null : `${m[1]}${m[2]}`] : [])].filter(Boolean);
    marked = [...form.querySelectorAll(names.map((n) => `[name="${CSS.escape(n)}"]`).join(', '))];
    for (const m of marked) {
      m.setAttribute('aria-invalid', 'true');
      m.setAttribute('aria-errormessage', el.id);
    }
    marked[0]?.focus();
  };
  return el;
}

export function radioValue(form, name) {
  const el = form.querySelector(`input[name="${name}"]:checked`);
  return el ? el.value : null;
}

export function intValue(form, name) {
  const v = radioValue(form, name) ?? form.elements[name]?.value;
  return v === null || v === undefined || v === '' ? null : Number(v);
}

export function busy(button, on) {
  button.disabled = on;
  if (on) button.setAttribute('aria-busy', 'true');
  else button.removeAttribute('aria-busy');
}

export function tierTag(tier) {
  return tier ? h('span', { class: `tag tier-${tier}` }, t(`tier.${tier}`)) : null;
}
