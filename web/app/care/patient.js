// patient.js: one patient for the care team: alerts, progress charts,
// sessions, check-ins, scores, the plan now and its history with reasons,
// and messages. Anyone else gets the server's 404, shown as "not available".
import { clear, h } from '../dom.js';
import { ApiError, api, get, post } from '../api.js';
import { formatDate, t, tn } from '../i18n.js';
import { doseText, exerciseMap, handoutLink, todayIso } from '../library.js';
import { messagesView } from '../messages-view.js';
import { progressView } from '../progress-view.js';
import { busy, errorLine, field, select, tierTag } from '../widgets.js';
import { noteForm } from './note-form.js';
import { planWhy } from '../plan-why.js';

export async function render(ctx) {
  const id = ctx.params.id;
  if (ctx.user.role === 'patient') {
    // a patient's own record is their progress page; anyone else's is not theirs to see
    if (id === ctx.user.patient) {
      ctx.go('/progress');
      return null;
    }
    throw new ApiError(404, 'not_found', 'not found');
  }
  const patient = await get(`/patients/${encodeURIComponent(id)}`);
  const head = [
    h('h1', { tabindex: '-1' }, patient.name),
    h('p', { class: 'muted' }, t('patient.summary', { year: patient.birth_year, status: patient.episode ? t(`status.${patient.episode.status}`) : t('status.none'), start: patient.episode ? formatDate(patient.episode.start) : '–' })),
  ];
  if (!patient.episode) return h('div', { class: 'page' }, head, h('p', {}, t('patient.no_program')), accountCard(patient), h('p', {}, h('a', { href: '#/alerts' }, t('patient.to_alerts'))), h('h2', {}, t('messages.title')), await messagesView(id, ctx.user));
  const [progress, plan, names, { tasks }, team] = await Promise.all([
    get(`/patients/${id}/progress?date=${todayIso()}`),
    get(`/patients/${id}/plan`),
    exerciseMap().catch(() => new Map()),
    get(`/patients/${id}/tasks`),
    careTeamCard(id, ctx),
  ]);
  if (!plan.versions.length)
    // stopped at the intake by an emergency answer, or not started (under 16): no plan was ever made
    return h('div', { class: 'page' }, head, h('div', { class: 'notice' }, t(patient.episode.status === 'not_started' ? 'patient.not_started' : 'patient.stopped_at_intake')), progress.alerts.map((a) => h('p', {}, tierTag(a.tier), ' ', a.reason, a.detail ? ` ${a.detail}` : '')), h('p', {}, h('a', { href: '#/alerts' }, t('patient.to_alerts'))), h('h2', {}, t('messages.title')), await messagesView(id, ctx.user));
  const current = plan.versions[plan.versions.length - 1];
  const openAlerts = progress.alerts.filter((a) => a.status !== 'resolved');
  const canEdit = ctx.user.role === 'clinician' && patient.episode.status !== 'stopped';
  return h(
    'div',
    { class: 'page' },
    head,
    patient.episode.status === 'paused' ? resumeCard(id, ctx) : null,
    openAlerts.length
      ? h('section', { class: 'card', 'aria-labelledby': 'pa-alerts' }, h('h2', { id: 'pa-alerts' }, t('patient.alerts')), h('ul', {}, openAlerts.map((a) => h('li', {}, tierTag(a.tier), ' ', a.for_care_team || a.reason, ' ', h('span', { class: 'muted' }, formatDate(a.opened))))), h('p', {}, h('a', { href: '#/alerts' }, t('patient.to_alerts'))))
      : null,
    tasks.length ? tasksCard(tasks) : null,
    team,
    accountCard(patient),
    canEdit && patient.episode.status === 'active' && !current.plan.discharged ? courseCard(id, ctx, progress) : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'pa-plan' },
      h('h2', { id: 'pa-plan' }, t('patient.plan_now', { v: current.version })),
      h('ul', {}, current.plan.items.map((i) => h('li', {}, h('strong', {}, i.name || names.get(i.exercise)?.name || i.exercise), ` · ${doseText(i.dose)} · ${t('patient.days', { n: i.days_per_week })}`))),
      current.plan.walking ? h('p', {}, tn('patient.walk', current.plan.walking.bouts, { minutes: current.plan.walking.minutes, days: current.plan.walking.days_per_week })) : null,
      canEdit ? h('p', {}, h('a', { class: 'btn', href: `#/patients/${id}/plan` }, t('patient.change_plan'))) : null,
      patient.episode.status === 'active' ? h('p', {}, handoutLink(id, t('patient.handout'))) : null,
    ),
    planWhy(plan.versions[0].plan, t('patient.plan_why')),
    h('h2', {}, t('patient.progress')),
    progressView(progress, names),
    h('p', { class: 'muted' }, tn('patient.first_plan', plan.versions.length, { date: formatDate(plan.versions[0].from) })),
    h('h2', {}, t('patient.sessions')),
    progress.sessions.length ? sessionsTable(progress.sessions, names) : h('p', { class: 'muted' }, t('patient.none')),
    h('h2', {}, t('patient.checkins')),
    progress.pain.length ? checkinsTable(progress.pain) : h('p', { class: 'muted' }, t('patient.none')),
    h('h2', {}, t('messages.title')),
    await messagesView(id, ctx.user),
  );
}

// Every promise made to the patient, open or done, with who did it and when.
function tasksCard(tasks) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pa-tasks' },
    h('h2', { id: 'pa-tasks' }, t('tasks.patient_title')),
    h(
      'ul',
      {},
      tasks.map((k) =>
        h(
          'li',
          {},
          h('strong', {}, t(`task_kind.${k.kind}`)),
          ' ',
          k.title,
          ' ',
          k.status === 'done'
            ? h('span', { class: 'muted' }, t('tasks.done_by', { date: formatDate(k.done_at.slice(0, 10)), who: k.done_by_email || k.done_by, note: k.note }))
            : h('span', { class: k.due < todayIso() ? 'overdue' : 'muted' }, t('tasks.due', { date: formatDate(k.due) })),
        ),
      ),
    ),
  );
}

// The end of the course, the clinician's own call (at week 12 the review
// makes it from the answers): maintenance now, or more weeks. The reason is
// what the patient reads under the week line.
function courseCard(id, ctx, progress) {
  const decision = select(t('patient.decision'), 'decision', [['extend', t('patient.decision_extend')], ['maintenance', t('patient.decision_maintenance')]], 'extend');
  const weeks = select(t('patient.decision_weeks'), 'weeks', [1, 2, 3, 4, 6, 8].map((n) => [String(n), tn('patient.weeks', n)]), '4');
  const form = noteForm({
    id: 'course-reason',
    label: t('patient.decision_reason'),
    button: t('patient.decide'),
    extra: [decision, weeks],
    send: (f, reason) =>
      post(`/patients/${id}/discharge`, {
        decision: f.elements.decision.value,
        ...(f.elements.decision.value === 'extend' ? { weeks: Number(f.elements.weeks.value) } : {}),
        reason,
      }),
    done: ctx.refresh,
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pa-course' },
    h('h2', { id: 'pa-course' }, t('patient.course_title')),
    progress.week ? h('p', {}, t('panel.week_phase', { week: progress.week, phase: t(`panel.phase_${progress.phase}`) })) : null,
    h('p', { class: 'muted' }, t('patient.course_text')),
    form,
  );
}

// The sessions, newest first: what was done of what was planned, how each part went and
// the patient's own note, as they logged it.
function sessionsTable(sessions, names) {
  const nameOf = (id) => (id === 'walking' ? t('patient.walk_item') : names.get(id)?.name || id);
  const cell = (s) => {
    const items = s.items || [];
    const skipped = items.filter((i) => !i.done).map((i) => nameOf(i.item));
    const hurt = items.filter((i) => i.pain !== undefined || i.difficulty).map((i) => t('patient.item_said', { name: nameOf(i.item), what: [i.pain !== undefined ? t('patient.item_pain', { n: i.pain }) : null, i.difficulty ? t(`difficulty.${i.difficulty}`) : null].filter(Boolean).join(', ') }));
    return [
      items.length ? h('div', {}, t('patient.done_of', { done: items.length - skipped.length, of: items.length }), skipped.length ? h('span', { class: 'muted' }, ` · ${t('patient.skipped', { names: skipped.join(', ') })}`) : null) : null,
      hurt.length ? h('div', {}, hurt.join('; ')) : null,
      s.note ? h('div', { class: 'note' }, `“${s.note}”`) : null,
    ];
  };
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ['chart.date', 'patient.pain_during', 'patient.difficulty', 'patient.what_done'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, [...sessions].reverse().slice(0, 28).map((s) => h('tr', {}, h('td', {}, formatDate(s.date)), h('td', {}, String(s.pain_during)), h('td', {}, s.difficulty ? t(`difficulty.${s.difficulty}`) : '–'), h('td', {}, cell(s))))),
    ),
  );
}

// The check-ins, newest first, with what helped them feel better and what they did to get better.
function checkinsTable(checkins) {
  const words = (list, kind) => (list || []).map((w) => t(`${kind}.${w}`)).join(', ') || '–';
  const num = (v) => (v === undefined ? '–' : String(v));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ['chart.date', 'patient.pain', 'patient.next_morning', 'patient.stiffness', 'patient.walked', 'patient.sleep', 'week.feel', 'week.get'].map((k) => h('th', { scope: 'col' }, t(k).replace(/:$/, ''))))),
      h('tbody', {}, [...checkins].reverse().slice(0, 28).map((c) => h('tr', {}, h('td', {}, formatDate(c.date)), h('td', {}, String(c.pain)), h('td', {}, num(c.next_morning_pain)), h('td', {}, num(c.stiffness)), h('td', {}, num(c.walk_minutes)), h('td', {}, num(c.sleep)), h('td', {}, words(c.feel_better, 'feel')), h('td', {}, words(c.get_better, 'get'))))),
    ),
  );
}

// The patient's account: none yet (invite them), invited but no password yet
// (send it again), or signing in. The link is e-mailed when the clinic has
// set its mail, else shown to pass on.
function accountCard(patient) {
  const a = patient.account;
  const out = h('div', { 'aria-live': 'polite' });
  const err = errorLine();
  const invite = async (email, button) => {
    busy(button, true);
    err.show(null);
    try {
      const res = await post('/invitations', { email, role: 'patient', patient: patient.id });
      clear(out).append(
        res.emailed
          ? h('p', { class: 'good', role: 'status' }, t('newp.emailed', { email: res.email }))
          : h('div', { class: 'good', role: 'status' }, h('p', {}, t('newp.link')), h('p', {}, h('a', { class: 'invite-link', href: `${location.origin}${res.link}` }, `${location.origin}${res.link}`))),
      );
    } catch (e) {
      err.show(e);
    }
    busy(button, false);
  };
  let body;
  if (a && a.password_set) body = h('p', {}, t(a.disabled ? 'account.disabled' : 'account.active', { email: a.email }));
  else if (a) {
    const again = h('button', { type: 'button', class: 'btn ghost' }, t('accounts.resend'));
    again.addEventListener('click', () => invite(a.email, again));
    body = [h('p', {}, t('account.invited', { email: a.email })), again];
  } else {
    const button = h('button', { type: 'submit', class: 'btn' }, t('account.invite'));
    const form = h('form', { novalidate: true, onsubmit: (ev) => (ev.preventDefault(), invite(form.elements.email.value.trim(), button)) }, field(t('newp.email'), { type: 'email', name: 'email', autocomplete: 'off' }, t('newp.email_hint')), button);
    body = [h('p', {}, t('account.none')), form];
  }
  return h('section', { class: 'card', 'aria-labelledby': 'account-h' }, h('h2', { id: 'account-h' }, t('account.title')), body, err, out);
}

// A paused program: the patient sees no exercises until the care team lifts
// the pause, with a note (resolving a red-flag alert can also do it).
// Who is on the care team; an admin takes a clinician off (their access ends at once)
// or puts one on. Never the last clinician of a running program: the server says so.
async function careTeamCard(id, ctx) {
  const admin = ctx.user.role === 'admin';
  const [{ care_team: team }, users] = await Promise.all([get(`/patients/${id}/care-team`), admin ? get('/users') : { users: [] }]);
  const err = errorLine();
  const onTeam = new Set(team.map((c) => c.id));
  const others = users.users.filter((u) => u.role === 'clinician' && !u.disabled && !onTeam.has(u.id));
  const act = async (button, send) => {
    button.disabled = true;
    err.show(null);
    try {
      await send();
      ctx.refresh();
    } catch (e) {
      err.show(e.status === 409 ? { message: t('careteam.last') } : e);
      button.disabled = false;
    }
  };
  const row = (c) => {
    const li = h('li', {}, h('span', {}, c.email), c.disabled ? h('span', { class: 'muted' }, ` (${t('careteam.disabled')})`) : null);
    if (!admin) return li;
    const remove = h('button', { type: 'button', class: 'btn ghost' }, t('careteam.remove'));
    remove.addEventListener('click', () => {
      // a second, explicit step: taking someone off ends their access to this record now
      const yes = h('button', { type: 'button', class: 'btn danger' }, t('careteam.remove_yes', { email: c.email }));
      const no = h('button', { type: 'button', class: 'btn ghost' }, t('careteam.remove_no'));
      yes.addEventListener('click', () => act(yes, () => api('DELETE', `/patients/${id}/care-team/${encodeURIComponent(c.id)}`)));
      no.addEventListener('click', () => ctx.refresh());
      remove.replaceWith(h('span', { class: 'confirm' }, h('span', {}, t('careteam.remove_ask')), ' ', yes, ' ', no));
      yes.focus();
    });
    li.append(' ', remove);
    return li;
  };
  const add = admin && others.length ? (() => {
    const form = h(
      'form',
      { class: 'inline' },
      select(t('careteam.add_label'), 'clinician', others.map((u) => [u.id, u.email]), others[0].id),
      h('button', { type: 'submit', class: 'btn' }, t('careteam.add')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(form.querySelector('button'), () => post(`/patients/${id}/care-team`, { clinician: form.elements.clinician.value }));
    });
    return form;
  })() : null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pa-team' },
    h('h2', { id: 'pa-team' }, t('careteam.title')),
    team.length ? h('ul', { class: 'team' }, team.map(row)) : h('p', { class: 'muted' }, t('careteam.none')),
    add,
    err,
  );
}

function resumeCard(id, ctx) {
  const form = noteForm({
    id: 'resume-note',
    label: t('patient.resume_note'),
    button: t('patient.resume'),
    send: (_f, note) => post(`/patients/${id}/resume`, { note }),
    done: ctx.refresh,
  });
  return h('section', { class: 'card notice', 'aria-labelledby': 'pa-paused' }, h('h2', { id: 'pa-paused' }, t('patient.paused_title')), h('p', {}, t('patient.paused_text')), form);
}
