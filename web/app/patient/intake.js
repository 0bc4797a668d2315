// intake.js: the intake wizard. The red-flag questions come first and are
// triaged at once: an emergency records the intake (the program stops and
// the care team is alerted) and shows what to do now, before anything else.
import { append, h, clear } from '../dom.js';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { checkinQuestions, todayIso } from '../library.js';
import { busy, checkbox, choices, errorLine, field, intValue, radioValue, scale } from '../widgets.js';
import { crisisNote, emergencyScreen, notStartedScreen, urgentNotice } from './emergency.js';
import { planWhy } from '../plan-why.js';
import { odiAnswers, odiFields, rmdqAnswers, rmdqFields, startbackAnswers, startbackFields } from './questionnaires.js';
import { flagAnswers, redFlagBoxes, temperatureAnswer, temperatureField, traumaSelect, weaknessSelect } from './red-flags.js';

// The days the person can exercise on, as the intake names them (availability.days).
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const PREFS = ['walking', 'pool_access', 'yoga', 'tai_chi', 'gym_equipment', 'floor_exercises_ok'];

export async function render(ctx) {
  const pid = ctx.user.patient;
  const [questions, patient, startback, odi, rmdq] = await Promise.all([
    checkinQuestions(),
    get(`/patients/${pid}`),
    get('/instruments/startback'),
    get('/instruments/odi'),
    get('/instruments/rmdq'),
  ]);
  const instruments = { odi, rmdq };
  if (patient.episode && patient.episode.status !== 'closed') {
    ctx.go('/today');
    return null;
  }
  // No age: the server takes it from the record's birth year and weighs both
  // ages it allows (a 15-year-old born this year less 16 is still under 16).
  const data = { red_flags: {} };
  let triage = null;
  const root = h('div', { class: 'page' });
  const steps = [redFlags, pain, startbackStep, odiStep, goals, dailyLife];

  function show(i) {
    const body = steps[i]((next) => {
      if (next === 'back') show(i - 1);
      else if (i + 1 < steps.length) show(i + 1);
    }, i);
    clear(root).append(
      h('h1', { tabindex: '-1' }, t('intake.title')),
      h('p', { class: 'muted' }, t('intake.step', { n: i + 1, of: steps.length })),
      body,
    );
    root.querySelector('h1').focus();
  }

  function nav(form, i, button) {
    return h(
      'div',
      { class: 'row spread' },
      i > 0 ? h('button', { type: 'button', class: 'btn ghost', onclick: () => form.dispatchEvent(new CustomEvent('back')) }, t('intake.back')) : h('span'),
      button || h('button', { type: 'submit', class: 'btn' }, t('intake.next')),
    );
  }

  function stepForm(title, intro, fields, i, next, onNext, button) {
    const err = errorLine();
    const form = h('form', { novalidate: true }, h('h2', {}, title), intro ? h('p', {}, intro) : null, fields, err);
    form.append(nav(form, i, button));
    form.addEventListener('back', () => next('back'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const problem = await onNext(form);
        if (problem?.stay) return;
        if (problem) err.show(problem);
        else next();
      } catch (e) {
        err.show(e);
      }
    });
    return form;
  }

  function redFlags(next, i) {
    const button = h('button', { type: 'submit', class: 'btn' }, t('intake.next'));
    return stepForm(
      t('intake.flags_title'),
      t('intake.flags_intro'),
      [
        redFlagBoxes(questions.intake_red_flags, t('intake.flags_legend'), null, data.red_flags),
        traumaSelect(t('intake.trauma'), data.red_flags.trauma),
        weaknessSelect(data.red_flags.leg_weakness),
        temperatureField(data.red_flags.temperature_c ?? ''),
        choices('improving', t('intake.improving'), [['yes', t('yes')], ['no', t('no')], ['new', t('intake.improving_new')]], data.improving ?? null),
      ],
      i,
      next,
      async (form) => {
        const rf = flagAnswers(form, questions.intake_red_flags);
        rf.trauma = form.elements.trauma.value;
        rf.leg_weakness = form.elements.leg_weakness.value;
        const temp = temperatureAnswer(form);
        if (temp.problem) return temp.problem;
        if (temp.value !== undefined) rf.temperature_c = temp.value;
        // not better in three weeks: a routine review (CONTRACT.md, weeks_without_improvement)
        data.improving = radioValue(form, 'improving');
        if (data.improving === 'no') rf.weeks_without_improvement = 3;
        data.red_flags = rf;
        busy(button, true);
        try {
          triage = await post('/triage', { red_flags: rf });
          if (triage.program === 'stop' || triage.program === 'not_started') {
            // Record it now: the program stops (or never starts) and the
            // care team is alerted; the rest of the intake is not needed.
            const res = await post(`/patients/${pid}/intake`, { intake: { red_flags: rf }, date: todayIso() });
            const first = res.triage.reasons[0];
            clear(root).append(res.status === 'not_started' ? notStartedScreen(first?.message, res.triage.reasons) : emergencyScreen(first?.message, res.triage.reasons));
            root.querySelector('h1').focus();
            return { stay: true };
          }
        } finally {
          busy(button, false);
        }
        return null;
      },
      button,
    );
  }

  function pain(next, i) {
    return stepForm(
      t('intake.pain_title'),
      null,
      [
        scale('pain_now', t('intake.pain_now'), t('scale.hint'), data.pain_now),
        scale('pain_week', t('intake.pain_week'), t('scale.hint'), data.pain_week_average),
        field(t('intake.duration'), { type: 'number', name: 'duration', min: 0, max: 2600, inputmode: 'numeric', value: data.duration_weeks ?? '' }, t('intake.duration_hint')),
        choices('leg_pain', t('intake.leg_pain'), [['yes', t('yes')], ['no', t('no')]], data.leg_pain === undefined ? null : data.leg_pain ? 'yes' : 'no'),
      ],
      i,
      next,
      async (form) => {
        const now = intValue(form, 'pain_now');
        const dur = form.elements.duration.value;
        if (now === null) return { field: 'pain_now', message: t('intake.need_answer') };
        if (dur === '' || Number(dur) < 0) return { field: 'duration_weeks', message: t('intake.need_weeks') };
        data.pain_now = now;
        data.pain_week_average = intValue(form, 'pain_week') ?? undefined;
        data.duration_weeks = Math.round(Number(dur));
        data.leg_pain = radioValue(form, 'leg_pain') === 'yes';
        return null;
      },
    );
  }

  function startbackStep(next, i) {
    return stepForm(
      t('intake.startback_title'),
      t('intake.startback_intro'),
      startbackFields(startback, data.startback),
      i,
      next,
      async (form) => {
        const { answers, problem } = startbackAnswers(form, startback);
        if (problem) return problem;
        data.startback = answers;
        return null;
      },
    );
  }

  // ODI by default; a patient may take the shorter yes/no list (RMDQ) instead.
  function odiStep(next, i) {
    const rmdq = data.disability === 'rmdq';
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'btn ghost',
        onclick: () => {
          data.disability = rmdq ? 'odi' : 'rmdq';
          show(i);
        },
      },
      t(rmdq ? 'intake.use_odi' : 'intake.use_rmdq'),
    );
    return stepForm(
      t('intake.odi_title'),
      t(rmdq ? 'intake.rmdq_intro' : 'intake.odi_intro'),
      [h('p', {}, toggle), rmdq ? rmdqFields(instruments.rmdq, data.rmdq) : odiFields(instruments.odi, data.odi)],
      i,
      next,
      async (form) => {
        const r = rmdq ? rmdqAnswers(form, instruments.rmdq) : odiAnswers(form, instruments.odi);
        if (r.problem) return r.problem;
        delete data.odi;
        delete data.rmdq;
        data[rmdq ? 'rmdq' : 'odi'] = r.answers;
        return null;
      },
    );
  }

  function goals(next, i) {
    const rows = [0, 1, 2].map((k) =>
      h(
        'fieldset',
        {},
        h('legend', {}, t('intake.goal_n', { n: k + 1 })),
        field(t('intake.goal_activity'), { type: 'text', name: `goal${k}`, maxlength: 200, value: data.psfs?.[k]?.activity || '' }),
        field(t('intake.goal_rating'), { type: 'number', name: `rating${k}`, min: 0, max: 10, inputmode: 'numeric', value: data.psfs?.[k]?.rating ?? '' }, t('intake.goal_rating_hint')),
      ),
    );
    return stepForm(t('intake.goals_title'), t('intake.goals_intro'), rows, i, next, async (form) => {
      const psfs = [];
      for (let k = 0; k < 3; k++) {
        const activity = form.elements[`goal${k}`].value.trim();
        const rating = form.elements[`rating${k}`].value;
        if (!activity) continue;
        if (rating === '' || Number(rating) < 0 || Number(rating) > 10) return { field: `psfs[${k}].rating`, message: t('intake.goal_rating_need') };
        psfs.push({ activity, rating: Math.round(Number(rating)) });
      }
      data.psfs = psfs;
      return null;
    });
  }

  function dailyLife(next, i) {
    const button = h('button', { type: 'submit', class: 'btn' }, t('intake.finish'));
    // Which of their days they can get to a pool: asked only when they can (availability.pool_days).
    const poolDays = h(
      'fieldset',
      { class: 'pool-days', hidden: !data.preferences?.pool_access },
      h('legend', {}, t('intake.pool_days')),
      h('p', { class: 'hint' }, t('intake.pool_days_hint')),
      h('div', { class: 'day-picks' }, WEEKDAYS.map((d) => checkbox(`pool-${d}`, t(`weekday.${d}`), (data.availability?.pool_days || []).includes(d)))),
    );
    const form = stepForm(
      t('intake.life_title'),
      null,
      [
        field(t('intake.walking_now'), { type: 'number', name: 'walking', min: 0, max: 600, inputmode: 'numeric', value: data.walking_minutes_per_day ?? 10 }),
        field(t('intake.minutes'), { type: 'number', name: 'minutes', min: 20, max: 240, inputmode: 'numeric', value: data.availability?.minutes_per_day ?? 25 }, t('intake.minutes_hint')),
        h(
          'fieldset',
          {},
          h('legend', {}, t('intake.days')),
          h('p', { class: 'hint' }, t('intake.days_hint')),
          h('div', { class: 'day-picks' }, WEEKDAYS.map((d) => checkbox(`day-${d}`, t(`weekday.${d}`), (data.availability?.days || WEEKDAYS.slice(0, 5)).includes(d)))),
        ),
        h('fieldset', {}, h('legend', {}, t('intake.prefs')), PREFS.map((p) => checkbox(`pref-${p}`, t(`pref.${p}`), data.preferences ? data.preferences[p] : p === 'walking' || p === 'floor_exercises_ok'))),
        poolDays,
        checkbox('pregnant', t('intake.pregnant'), data.pregnant === true),
      ],
      i,
      next,
      async (form) => {
        data.walking_minutes_per_day = Number(form.elements.walking.value || 0);
        const days = WEEKDAYS.filter((d) => form.elements[`day-${d}`].checked);
        if (!days.length) return { field: 'availability.days', message: t('intake.days_need') };
        data.availability = { minutes_per_day: Number(form.elements.minutes.value), days };
        data.preferences = Object.fromEntries(PREFS.map((p) => [p, form.elements[`pref-${p}`].checked]));
        const poolPicked = data.preferences.pool_access ? WEEKDAYS.filter((d) => form.elements[`pool-${d}`].checked) : [];
        if (poolPicked.some((d) => !days.includes(d))) return { message: t('intake.pool_days_need') };
        if (poolPicked.length) data.availability.pool_days = poolPicked;
        data.pregnant = form.elements.pregnant.checked;
        const intake = { ...data };
        delete intake.disability; // the wizard's own choices, not intake fields
        delete intake.improving;
        if (intake.pain_week_average === undefined) delete intake.pain_week_average;
        if (!intake.psfs?.length) delete intake.psfs;
        busy(button, true);
        try {
          const res = await post(`/patients/${pid}/intake`, { intake, date: todayIso() });
          if (res.status === 'stopped') {
            clear(root).append(emergencyScreen(res.triage.reasons[0]?.message, res.triage.reasons));
          } else if (res.status === 'not_started') {
            clear(root).append(notStartedScreen(res.triage.reasons[0]?.message, res.triage.reasons));
          } else {
            // dom.js's append: the lists are flattened and nothing (null) is left out, where
            // the DOM's own append wrote "[object HTMLParagraphElement],," on the screen
            append(clear(root), [
              h('h1', { tabindex: '-1' }, t('intake.ready_title')),
              res.status === 'paused'
                ? urgentNotice(res.triage.reasons, h('p', {}, t('intake.paused')))
                : [h('p', {}, t('intake.ready')), res.triage.reasons.map((r) => h('p', {}, r.message)), crisisNote(res.triage.reasons)],
              h('p', {}, h('a', { class: 'btn big', href: '#/today' }, t('intake.to_today'))),
              planWhy(res.plan),
            ]);
          }
          root.querySelector('h1').focus();
          return { stay: true };
        } finally {
          busy(button, false);
        }
      },
      button,
    );
    form.elements['pref-pool_access'].addEventListener('change', (ev) => {
      poolDays.hidden = !ev.target.checked;
    });
    return form;
  }

  show(0);
  return root;
}
