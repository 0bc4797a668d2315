// plan-editor.js: a clinician changes the plan: swap, add or remove
// exercises, doses kept inside each exercise's safe range, and a reason in
// words the patient will read. The server checks all of it again.
import { h, clear } from '../dom.js';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { busy, errorLine, field, page } from '../widgets.js';

const DOSE_KEYS = ['sets', 'reps', 'hold_s', 'minutes'];
const MAX_ITEMS = 6;
const WALK_KEYS = ['minutes', 'bouts', 'days_per_week'];

export async function render(ctx) {
  const id = ctx.params.id;
  const [patient, plan, lib] = await Promise.all([get(`/patients/${encodeURIComponent(id)}`), get(`/patients/${id}/plan`), get('/exercises')]);
  const byId = new Map(lib.exercises.map((e) => [e.id, e]));
  if (!plan.versions.length) return page(t('editor.title', { name: patient.name }), h('p', {}, t('patient.stopped_at_intake')));
  const current = plan.versions[plan.versions.length - 1].plan;
  let rows = current.items.map((i) => ({ exercise: i.exercise, dose: { ...i.dose }, days_per_week: i.days_per_week }));
  const list = h('div', {});
  const err = errorLine();

  function numberInput(label, name, value, range, onChange) {
    const [min, max] = range || [1, 1000];
    const f = field(t('editor.range', { label, min, max }), { type: 'number', name, min, max, value, inputmode: 'numeric' });
    // an emptied field is no dose, not 0: the check below names it
    f.querySelector('input').addEventListener('change', (ev) => onChange(ev.target.value.trim() === '' ? null : Number(ev.target.value)));
    return f;
  }

  function draw() {
    clear(list);
    rows.forEach((row, k) => {
      const ex = byId.get(row.exercise);
      const swap = h(
        'select',
        { id: `swap-${k}`, name: `exercise-${k}` },
        lib.exercises.filter((e) => e.id === row.exercise || !rows.some((r) => r.exercise === e.id)).map((e) => h('option', { value: e.id, selected: e.id === row.exercise }, `${e.name} (${t(`category.${e.category}`)})`)),
      );
      swap.addEventListener('change', () => {
        const next = byId.get(swap.value);
        const { days_per_week: days, ...dose } = next.dose;
        rows[k] = { exercise: next.id, dose, days_per_week: days || row.days_per_week };
        draw();
      });
      list.append(
        h(
          'fieldset',
          { class: 'card' },
          h('legend', {}, t('editor.item', { n: k + 1, name: ex?.name || row.exercise })),
          h('label', { for: `swap-${k}` }, t('editor.exercise')),
          swap,
          ex?.regression || ex?.progression ? h('p', { class: 'hint' }, [ex.regression ? t('editor.easier', { name: byId.get(ex.regression)?.name || ex.regression }) : null, ' ', ex.progression ? t('editor.harder', { name: byId.get(ex.progression)?.name || ex.progression }) : null]) : null,
          h(
            'div',
            { class: 'row' },
            DOSE_KEYS.filter((key) => ex?.range?.[key]).map((key) => numberInput(t(`dose_key.${key}`), `${key}-${k}`, row.dose[key] ?? ex.dose[key], ex.range[key], (v) => (row.dose[key] = v))),
            numberInput(t('dose_key.days_per_week'), `days-${k}`, row.days_per_week, ex?.range?.days_per_week || [1, 7], (v) => (row.days_per_week = v)),
          ),
          h('button', { type: 'button', class: 'btn ghost', onclick: () => { rows.splice(k, 1); draw(); } }, t('editor.remove', { name: ex?.name || row.exercise })),
        ),
      );
    });
    addSelect.replaceChildren(...lib.exercises.filter((e) => !rows.some((r) => r.exercise === e.id)).map((e) => h('option', { value: e.id }, `${e.name} (${t(`category.${e.category}`)})`)));
    addButton.disabled = rows.length >= MAX_ITEMS;
  }

  const addSelect = h('select', { id: 'add-exercise' });
  const addButton = h('button', { type: 'button', class: 'btn ghost', onclick: () => {
    const ex = byId.get(addSelect.value);
    if (!ex || rows.length >= MAX_ITEMS) return;
    const { days_per_week: days, ...dose } = ex.dose;
    rows.push({ exercise: ex.id, dose, days_per_week: days || 3 });
    draw();
  } }, t('editor.add'));

  // the server's safe range for walking (GET .../plan), else the widest it takes
  const walkRange = plan.walking_range || { minutes: [1, 1000], bouts: [1, 1000], days_per_week: [1, 7] };
  const walk = current.walking ? { minutes: current.walking.minutes, bouts: current.walking.bouts, days_per_week: current.walking.days_per_week } : null;
  const save = h('button', { type: 'submit', class: 'btn big' }, t('editor.save'));
  const form = h(
    'form',
    { novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const reason = form.elements.reason.value.trim();
      if (!reason) return err.show({ field: 'reason', message: t('editor.reason_needed') });
      if (!rows.length) return err.show({ field: 'items', message: t('editor.items_needed') });
      for (const row of rows) {
        const ex = byId.get(row.exercise);
        for (const [key, [min, max]] of Object.entries(ex.range)) {
          const v = key === 'days_per_week' ? row.days_per_week : row.dose[key];
          if (v === null) return err.show({ field: `${ex.name}: ${t(`dose_key.${key}`)}`, message: t('editor.value_needed', { min, max }) });
          if (v !== undefined && (v < min || v > max || !Number.isInteger(v))) return err.show({ field: `${ex.name}: ${t(`dose_key.${key}`)}`, message: t('editor.out_of_range', { min, max }) });
        }
      }
      if (walk) {
        for (const key of WALK_KEYS) {
          const raw = form.elements[`walk_${key}`].value.trim();
          const v = raw === '' ? null : Number(raw);
          const [min, max] = walkRange[key];
          if (v === null) return err.show({ field: `${t('editor.walk')}: ${t(`dose_key.${key}`)}`, message: t('editor.value_needed', { min, max }) });
          if (v < min || v > max || !Number.isInteger(v)) return err.show({ field: `${t('editor.walk')}: ${t(`dose_key.${key}`)}`, message: t('editor.out_of_range', { min, max }) });
          walk[key] = v;
        }
      }
      const body = { reason, items: rows.map((r) => ({ exercise: r.exercise, dose: Object.fromEntries(Object.entries(r.dose).filter(([key]) => byId.get(r.exercise).range[key])), days_per_week: r.days_per_week })) };
      if (walk) body.walking = walk;
      busy(save, true);
      try {
        await post(`/patients/${id}/plan`, body);
        ctx.go(`/patients/${id}`);
      } catch (e) {
        err.show(e);
        busy(save, false);
      }
    } },
    list,
    h('div', { class: 'card soft' }, h('label', { for: 'add-exercise' }, t('editor.add_label')), h('div', { class: 'row' }, addSelect, addButton)),
    walk
      ? h('fieldset', {}, h('legend', {}, t('editor.walk')), h('div', { class: 'row' }, WALK_KEYS.map((key) => field(t('editor.range', { label: t(`dose_key.${key}`), min: walkRange[key][0], max: walkRange[key][1] }), { type: 'number', name: `walk_${key}`, min: walkRange[key][0], max: walkRange[key][1], value: walk[key], inputmode: 'numeric' }))))
      : null,
    field(t('editor.reason'), { tag: 'textarea', name: 'reason', maxlength: 2000, required: true }, t('editor.reason_hint')),
    err,
    save,
  );
  draw();
  return page(t('editor.title', { name: patient.name }), h('p', { class: 'muted' }, t('editor.intro')), form, h('p', {}, h('a', { href: `#/patients/${id}` }, t('editor.cancel'))));
}
