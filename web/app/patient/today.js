// today.js: today's session. Exercise cards with steps, dose, a hold timer
// and a rep counter; then how it went (pain during, too easy / about right /
// too hard). Saved through the outbox, so it works offline too.
import { h, clear } from '../dom.js';
import { get } from '../api.js';
import { formatDate, formatLongDate, t, tn } from '../i18n.js';
import { doseText, exerciseMap, handoutLink, todayIso } from '../library.js';
import * as outbox from '../outbox.js';
import { busy, checkbox, choices, errorLine, intValue, page, radioValue, scale } from '../widgets.js';
import { changeList } from './changes.js';
import { crisisNote, emergencyScreen, notStartedScreen } from './emergency.js';
import { checkupCard } from './followup.js';
import { isMonday, lastWeek, weekCard } from './week.js';
import { demoPlayer } from '../demo-view.js';
import { draftKey } from '../session-plan.js';

const doneKey = (pid, date) => `mrx.session-done.${pid}.${date}`;

// Counts down `seconds`, announcing only the end to screen readers.
function timer(seconds, label) {
  const shown = h('span', { class: 'timer', 'aria-hidden': 'true' }, fmt(seconds));
  const said = h('span', { class: 'sr-only', 'aria-live': 'polite' });
  let handle = null;
  const button = h('button', { type: 'button', class: 'btn ghost' }, label);
  button.addEventListener('click', () => {
    if (handle) {
      clearInterval(handle);
      handle = null;
      shown.textContent = fmt(seconds);
      button.textContent = label;
      return;
    }
    let left = seconds;
    said.textContent = t('timer.started');
    button.textContent = t('timer.stop');
    handle = setInterval(() => {
      left -= 1;
      shown.textContent = fmt(left);
      if (left <= 0) {
        clearInterval(handle);
        handle = null;
        said.textContent = t('timer.done');
        button.textContent = label;
        shown.textContent = fmt(seconds);
      }
    }, 1000);
  });
  return h('div', { class: 'row' }, button, shown, said);
}

function fmt(s) {
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` : `${s}s`;
}

function counter(target, name) {
  let n = 0;
  const out = h('output', { class: 'counter', 'aria-live': 'polite' }, '0');
  const set = (v) => {
    n = Math.max(0, v);
    out.textContent = String(n);
  };
  return h(
    'div',
    { class: 'row' },
    h('span', {}, t('today.reps_done', { target })),
    h('button', { type: 'button', class: 'btn ghost', 'aria-label': t('today.rep_less', { name }), onclick: () => set(n - 1) }, '−'),
    out,
    h('button', { type: 'button', class: 'btn ghost', 'aria-label': t('today.rep_more', { name }), onclick: () => set(n + 1) }, '+'),
  );
}

// A routine (a yoga or tai chi session): its moves in order, each with its dose
// and, folded, how to do it and its easier option.
function routineMoves(ex, library, item) {
  if (!ex?.routine?.length) return null;
  // today's own words for each move: its dose in today's routine (shorter when the
  // routine is), its caution for the person, or skip it
  const today = new Map((item.routine || []).map((m) => [m.exercise, m]));
  return h(
    'div',
    { class: 'routine' },
    h('h3', {}, t('today.routine', { n: ex.routine.length })),
    h(
      'ol',
      { class: 'routine-moves' },
      ex.routine.map((step) => {
        const move = library.get(step.exercise);
        const easier = move?.regression ? library.get(move.regression) : null;
        const note = today.get(step.exercise);
        return h(
          'li',
          { class: note?.skip ? 'skip' : null },
          h('strong', {}, move ? move.name : step.exercise),
          ' ',
          note?.skip ? h('span', { class: 'notice' }, t('today.skip_move'), ' ', note.caution) : h('span', { class: 'dose' }, doseText(note?.dose || step.dose, move?.per_side)),
          note?.caution && !note.skip ? h('p', { class: 'notice' }, note.caution) : null,
          move
            ? h(
                'details',
                {},
                h('summary', {}, t('today.how_move', { name: move.name })),
                h('ol', {}, move.steps.map((s) => h('li', {}, s))),
                easier ? h('p', {}, h('strong', {}, t('today.easier')), ' ', easier.name) : null,
              )
            : null,
        );
      }),
    ),
  );
}

function exerciseCard(item, ex, library, draft) {
  const d = item.dose || {};
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `ex-${item.exercise}` },
    h('h2', { id: `ex-${item.exercise}` }, item.name),
    h('p', { class: 'dose' }, doseText(d, ex?.per_side)),
    ex?.demo ? demoPlayer(ex.demo, item.name, d.hold_s || 0, ex.per_side) : null,
    ex ? h('p', {}, ex.summary) : null,
    ex
      ? h(
          'details',
          {},
          h('summary', {}, t('today.how')),
          h('ol', {}, ex.steps.map((s) => h('li', {}, s))),
          ex.feel ? h('p', {}, h('strong', {}, t('today.feel')), ' ', ex.feel) : null,
          ex.mistakes?.length ? [h('p', {}, h('strong', {}, t('today.mistakes'))), h('ul', {}, ex.mistakes.map((m) => h('li', {}, m)))] : null,
        )
      : null,
    item.caution ? h('p', { class: 'notice' }, item.caution) : null, // the library's words for the person's condition
    routineMoves(ex, library, item),
    d.hold_s ? timer(d.hold_s, t('timer.hold', { s: d.hold_s })) : null,
    d.minutes ? timer(d.minutes * 60, t('timer.minutes', { minutes: d.minutes })) : null,
    d.reps ? counter(d.reps, item.name) : null,
    item.goals?.length ? h('p', { class: 'goal-tag' }, tn('today.for_goals', item.goals.length, { goals: item.goals.join(', ') })) : null,
    item.own_flare_note ? h('p', { class: 'notice' }, item.own_flare_note) : null, // the library's own words for a flare
    checkbox(`done-${item.exercise}`, t('today.done', { name: item.name }), !!draft?.done.includes(item.exercise)),
    hurtBox(item.exercise, !!draft?.hurt.includes(item.exercise)),
  );
}

// "This one hurt": the session's pain belongs to this exercise, and the plan eases
// it alone (docs/adaptation.md, per-item responses). Ticking it ticks "I did it".
function hurtBox(key, checked = false) {
  const box = checkbox(`hurt-${key}`, t('today.hurt'), checked);
  box.querySelector('input').addEventListener('change', (ev) => {
    const done = ev.target.form?.elements[`done-${key}`];
    if (ev.target.checked && done) done.checked = true;
  });
  return box;
}

// The day's items as the API takes them: each done or not, and the session's pain
// on each one the person said hurt.
function sessionItems(form, today, pain) {
  const keys = today.items.map((i) => i.exercise).concat(today.walking ? ['walking'] : []);
  return keys.map((key) => {
    const hurt = form.elements[`hurt-${key}`]?.checked;
    const item = { exercise: key, done: form.elements[`done-${key}`].checked || !!hurt };
    if (hurt) item.pain = pain;
    return item;
  });
}

// What the guided session (player.js) brought back: {done: [ids], hurt: [ids]}, or null.
function playerDraft(pid, date) {
  try {
    const d = JSON.parse(sessionStorage.getItem(draftKey(pid, date)) || 'null');
    return d && Array.isArray(d.done) && Array.isArray(d.hurt) ? d : null;
  } catch {
    return null;
  }
}

function sessionForm(ctx, today, date, names, onSaved) {
  const draft = playerDraft(ctx.user.patient, date);
  const err = errorLine();
  const painErr = errorLine(); // right under the scale: on a phone the form's end is a screen away
  const button = h('button', { class: 'btn big', type: 'submit' }, t('today.save'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const pain = intValue(form, 'pain_during');
        if (pain === null) {
          painErr.show({ field: 'pain_during', message: t('today.pain_needed') });
          return;
        }
        painErr.show(null);
        const items = sessionItems(form, today, pain);
        // a session is something done: saved empty, it would count as a day of the plan kept
        if (!items.some((i) => i.done)) {
          err.show({ message: t('today.nothing_done') });
          return;
        }
        const body = { date, pain_during: pain, difficulty: radioValue(form, 'difficulty'), items };
        const note = form.elements.note.value.trim();
        if (note) body.note = note;
        busy(button, true);
        try {
          const r = await outbox.submit('session', `/patients/${ctx.user.patient}/sessions`, body, t('today.session_label', { date }));
          localStorage.setItem(doneKey(ctx.user.patient, date), '1');
          sessionStorage.removeItem(draftKey(ctx.user.patient, date));
          onSaved(r);
        } catch (e) {
          if (e.status === 409 && e.field === 'date') localStorage.setItem(doneKey(ctx.user.patient, date), '1');
          err.show(e);
          busy(button, false);
        }
      },
    },
    draft ? h('p', { class: 'notice', role: 'status' }, t('today.from_player')) : null,
    today.items.map((i) => exerciseCard(i, names.get(i.exercise), names, draft)),
    today.walking
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'ex-walking' },
          h('h2', { id: 'ex-walking' }, t('today.walk')),
          h('p', { class: 'dose' }, tn('today.walk_dose', today.walking.bouts, { minutes: today.walking.minutes })),
          h('p', {}, t('today.walk_hint')),
          today.walking.goals?.length ? h('p', { class: 'goal-tag' }, tn('today.for_goals', today.walking.goals.length, { goals: today.walking.goals.join(', ') })) : null,
          checkbox('done-walking', t('today.done_walk'), false),
          hurtBox('walking'),
        )
      : today.pool_instead_of_walk
        ? h('p', { class: 'notice', id: 'pool-instead' }, t('today.pool_instead_of_walk'))
        : null,
    h('h2', {}, t('today.how_did_it_go')),
    scale('pain_during', t('today.pain_during'), t('scale.hint')),
    painErr,
    today.items.length + (today.walking ? 1 : 0) > 1 ? h('p', { class: 'hint' }, t('today.hurt_hint')) : null,
    choices('difficulty', t('today.difficulty'), [
      ['easy', t('difficulty.easy')],
      ['right', t('difficulty.right')],
      ['hard', t('difficulty.hard')],
    ]),
    h('label', { for: 'session-note' }, t('today.note')),
    h('textarea', { id: 'session-note', name: 'note', maxlength: 2000 }),
    err,
    button,
  );
  return form;
}

function savedPanel(r, date) {
  if (r.queued) {
    const el = h('div', { class: 'notice', role: 'status' }, t('today.queued'));
    const stop = outbox.onChange(() => {
      if (!el.isConnected) return stop();
      if (!outbox.pending().some((e) => e.kind === 'session' && e.body.date === date)) {
        el.className = 'good';
        el.textContent = outbox.failed().some((e) => e.kind === 'session' && e.body.date === date) ? t('today.send_failed') : t('today.sent_later');
        stop();
      }
    });
    return el;
  }
  const decisions = (r.result?.decisions || []).filter((d) => d.kind !== 'hold' && d.reason);
  const advice = r.result?.advice;
  // it hurt too much, or was too hard: no praise, but what happens next and what to do now
  return h(
    'div',
    { class: advice ? 'notice' : 'good', role: 'status' },
    h('p', {}, h('strong', {}, t(advice ? 'today.saved_plain' : 'today.saved'))),
    advice ? h('p', { class: 'advice' }, advice.text) : null,
    decisions.length ? h('ul', {}, decisions.map((d) => h('li', {}, d.reason))) : null,
    r.result?.alerts?.length ? h('p', {}, t('today.team_told')) : null,
    advice?.verdict === 'too_much' ? h('p', {}, h('a', { href: '#/flare' }, t('today.flare_link'))) : null,
  );
}

// Where today stands in the 12-week course: "Week 3 of 12, day 2 · Build up".
function courseLine(today) {
  if (!today.week) return null;
  const phase = t(`phase.${today.phase}`);
  const past = today.week > today.program_weeks;
  const line = h('p', { class: 'course-line' }, h('strong', {}, t(past ? 'today.week_past' : 'today.week', { week: today.week, weeks: today.program_weeks, day: today.day_of_week })), ` · ${phase}`);
  if (today.discharge_review) return [line, h('p', {}, today.discharge_review.why)];
  return past ? [line, h('p', { class: 'muted' }, t(today.followup_due ? 'today.past_course_checkup' : 'today.past_course', { weeks: today.program_weeks }))] : line;
}

// Going on alone: what to do in a flare, day by day, and when to get help;
// and, when the pain has come back to stay, starting the course again.
function flarePlanCard(today) {
  if (!today.flare_plan?.length) return null;
  return [
    today.check_in_due
      ? h('div', { class: 'notice' }, h('p', {}, t('today.monthly_checkin')), h('p', {}, h('a', { class: 'btn', href: '#/checkin' }, t('today.monthly_checkin_link'))))
      : null,
    h('section', { class: 'card', 'aria-labelledby': 'flare-plan-h' }, h('h2', { id: 'flare-plan-h' }, t('today.flare_plan_title')), h('ul', {}, today.flare_plan.map((step) => h('li', {}, step)))),
    today.status === 'discharged'
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'restart-h' },
          h('h2', { id: 'restart-h' }, t('today.restart_title')),
          h('p', {}, t('today.restart')),
          h('p', {}, h('a', { class: 'btn ghost', href: '#/restart' }, t('today.restart_link'))),
        )
      : null,
  ];
}

// The days after today up to the week's end, each with what it holds.
function restOfWeek(today) {
  const days = today.rest_of_week || [];
  if (!days.length) return null;
  const what = (d) => {
    const n = d.items.length;
    if (!n) return d.walk ? t('today.week_walk') : t('today.week_rest');
    return tn(d.walk ? 'today.week_items_walk' : 'today.week_items', n);
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'week-h' },
    h('h2', { id: 'week-h' }, t('today.rest_of_week')),
    h(
      'ul',
      { class: 'week-list' },
      days.map((d) =>
        h(
          'li',
          { class: d.items.length || d.walk ? '' : 'rest' },
          h('span', { class: 'week-day' }, formatDate(d.date)),
          h('span', {}, what(d), d.items.length ? h('span', { class: 'week-names' }, [...d.items, ...(d.walk ? [t('today.walk')] : [])].join(', ')) : null),
        ),
      ),
    ),
  );
}

export async function render(ctx) {
  const pid = ctx.user.patient;
  const date = todayIso();
  let today;
  let names = new Map();
  try {
    [today, names] = await Promise.all([get(`/patients/${pid}/today?date=${date}`), exerciseMap().catch(() => new Map())]);
  } catch (e) {
    if (e.code === 'no_program') {
      ctx.go('/intake');
      return null;
    }
    throw e;
  }
  if (today.status === 'stopped') return emergencyScreen(today.message, today.reasons);
  if (today.status === 'not_started') return notStartedScreen(today.message, today.reasons);

  const top = [];
  // Paused: no exercises until the care team has checked; what to do now, and why.
  if (today.status === 'paused')
    top.push(
      h(
        'div',
        { class: 'notice urgent', role: 'alert' },
        h('p', {}, h('strong', {}, today.message || t('today.paused'))),
        (today.reasons || []).map((r) => h('p', {}, r.message)),
        crisisNote(today.reasons),
        h('p', {}, t('today.paused_checkins'), ' ', h('a', { href: '#/checkin' }, t('today.checkin_link'))),
      ),
    );
  else top.push(h('p', {}, h('a', { class: 'btn ghost', href: '#/flare' }, t('today.flare_button'))));
  // the whole session, guided: each exercise shown, counted and timed in turn
  if (today.status !== 'paused' && today.items.length && !localStorage.getItem(doneKey(pid, date)))
    top.push(h('p', {}, h('a', { class: 'btn', href: '#/session' }, t('today.start_session'))));
  if (today.flare) {
    // advice the library gives several of today's exercises alike ("In a flare, do about
    // half of it.") is said once, here; each card keeps only what is its own
    const sentences = (note) => (note || '').split(/(?<=\.)\s+/).filter(Boolean);
    const counts = new Map();
    for (const i of today.items) for (const x of new Set(sentences(i.flare_note))) counts.set(x, (counts.get(x) || 0) + 1);
    const shared = [...counts].filter(([, n]) => n > 1).map(([x]) => x);
    for (const i of today.items) i.own_flare_note = sentences(i.flare_note).filter((x) => !shared.includes(x)).join(' ');
    top.push(h('div', { class: 'notice' }, h('p', {}, t('today.flare_plan')), shared.map((x) => h('p', {}, x))));
  } else for (const i of today.items) i.own_flare_note = i.flare_note;
  // the end-of-course review is said once, under the week line (courseLine)
  const changes = (today.changes || []).filter((c) => !String(c.rule || '').startsWith('discharge_') && c.reason !== today.discharge_review?.why);
  if (changes.length)
    top.push(h('section', { class: 'card soft', 'aria-labelledby': 'changes-h' }, h('h2', { id: 'changes-h' }, t('today.changes')), changeList(changes, names)));

  const waiting = outbox.pending().some((e) => e.kind === 'session' && e.body.date === date);
  const slot = h('div', {});
  if (waiting) slot.append(savedPanel({ queued: true }, date));
  else if (localStorage.getItem(doneKey(pid, date))) slot.append(h('div', { class: 'good' }, t('today.already')));
  else if (today.status === 'rest_day' || today.status === 'paused' || (today.status === 'discharged' && !today.items.length && !today.walking))
    slot.append(h('p', {}, t(today.status === 'paused' ? 'today.paused_rest' : 'today.rest_day')));
  else {
    slot.append(
      sessionForm(ctx, today, date, names, (r) => {
        clear(slot).append(savedPanel(r, date));
        slot.firstChild.setAttribute('tabindex', '-1');
        slot.firstChild.focus();
      }),
    );
  }

  const extras = [];
  // Each Monday, last week in review, with what ties it together.
  if (isMonday(date)) extras.push(weekCard(await lastWeek(pid, date), t('week.review'), h('p', {}, h('a', { href: '#/progress' }, t('week.to_progress')))));
  if (today.lesson) extras.push(h('section', { class: 'card' }, h('h2', {}, t('today.lesson')), h('a', { href: `#/lessons/${today.lesson.id}` }, today.lesson.title)));
  if (today.movement_breaks_per_day)
    extras.push(h('section', { class: 'card' }, h('h2', {}, t('today.breaks')), h('p', {}, tn('today.breaks_text', today.movement_breaks_per_day))));
  if (today.status !== 'paused') extras.push(h('p', {}, h('a', { href: '#/checkin' }, t('today.checkin_link'))));
  extras.push(h('p', {}, h('a', { href: '#/reminders' }, t('reminders.link'))));
  // the 4-weekly check-up, when due (today's plan says so); left out
  // offline, where its questionnaire cannot be sent
  if (today.followup_due && navigator.onLine) extras.push(checkupCard());
  if (today.status !== 'paused') extras.push(restOfWeek(today));
  extras.push(flarePlanCard(today));
  // the program on paper, pictures and all: not while paused, when it is not to be done
  if (today.status !== 'paused' && navigator.onLine)
    extras.push(h('p', {}, handoutLink(today.patient, t('today.handout'))));

  return page(t('today.title'), h('p', { class: 'muted' }, t('today.subtitle', { date: formatLongDate(date) })), courseLine(today), top, slot, extras);
}

