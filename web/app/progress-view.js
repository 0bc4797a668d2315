// progress-view.js: a patient's progress (charts, adherence, scores, and the
// plan's changes with their reasons on a timeline), for the patient and for
// the care team alike.
import { h } from './dom.js';
import { barChart, lineChart } from './chart.js';
import { formatDate, t } from './i18n.js';
import { dayNo } from './library.js';
import { changeList } from './patient/changes.js';

function scoreValue(s) {
  const sc = s.score || {};
  switch (s.instrument) {
    case 'odi':
      return sc.percent;
    case 'rmdq':
      return sc.score ?? sc.total;
    case 'psfs':
      return sc.score;
    case 'nprs':
      return sc.pain;
    case 'startback':
      return sc.total;
    default:
      return null;
  }
}

function scoreText(s) {
  const v = scoreValue(s);
  if (s.instrument === 'odi') return t('score.odi', { v: Math.round(v), band: s.score.band || '' });
  if (s.instrument === 'startback') return t('score.startback', { v, risk: s.score.risk || '' });
  return v === null || v === undefined ? '' : String(v);
}


// Sessions done in each week of the program, beside the days planned that
// week when the server counts them (adherence.weeks).
function weeklySessions(p) {
  if (p.adherence.weeks) return p.adherence.weeks.map((w) => ({ label: t('chart.week', { n: w.week }), value: w.sessions, target: w.planned_days }));
  const weeks = Math.floor((dayNo(p.date) - dayNo(p.start)) / 7) + 1;
  const done = Array.from({ length: Math.max(0, weeks) }, () => 0);
  for (const s of p.sessions) {
    const w = Math.floor((dayNo(s.date) - dayNo(p.start)) / 7);
    if (w >= 0 && w < done.length) done[w] += 1;
  }
  return done.map((n, i) => ({ label: t('chart.week', { n: i + 1 }), value: n }));
}

// The person's goals (their PSFS activities): how well they can do each, at
// the start and now, and what in the plan trains it.
function goalsCard(p, names) {
  if (!p.goals?.length) return null;
  const trainedBy = (g) => [...(g.walking ? [t('progress.goal_walks')] : []), ...g.exercises.map((id) => names?.get(id)?.name || id)];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'goals-h' },
    h('h2', { id: 'goals-h' }, t('progress.goals')),
    h(
      'ul',
      { class: 'goal-list' },
      p.goals.map((g) => {
        const by = trainedBy(g);
        return h(
          'li',
          {},
          h('strong', {}, g.activity),
          h('span', {}, g.first_rating === null ? t('progress.goal_unrated') : t('progress.goal_rating', { first: g.first_rating, latest: g.latest_rating })),
          h('span', { class: 'muted' }, by.length ? t('progress.goal_trained', { names: by.join(', ') }) : t('progress.goal_outside')),
        );
      }),
    ),
  );
}

// "2.0 points better": the change as improvement (positive is better, as the API gives it),
// in words, not a signed number a person has to read the sign of.
function painChange(change) {
  const n = Math.abs(change).toFixed(1);
  if (n === '0.0') return t('progress.points_same');
  return t(change > 0 ? 'progress.points_better' : 'progress.points_worse', { n });
}

export function progressView(p, names) {
  const markers = p.plan_changes.map((c) => ({ date: c.date, label: c.reason }));
  const pain = p.pain.map((c) => ({ date: c.date, value: c.pain }));
  const walks = p.pain.filter((c) => c.walk_minutes !== undefined).map((c) => ({ date: c.date, value: c.walk_minutes }));
  const during = p.sessions.map((s) => ({ date: s.date, value: s.pain_during }));
  const byInstrument = {};
  for (const s of p.scores) (byInstrument[s.instrument] ||= []).push(s);
  const pc = p.pain_change;
  const adh = p.adherence;
  return [
    h(
      'div',
      { class: 'stats' },
      h('div', { class: 'card' }, h('p', { class: 'muted' }, t('progress.pain_change')), h('p', { class: 'stat' }, pc ? painChange(pc.change) : '–'), pc?.important ? h('p', {}, t('progress.important')) : null),
      h('div', { class: 'card' }, h('p', { class: 'muted' }, t('progress.adherence')), h('p', { class: 'stat' }, adh.percent === null ? '–' : t('unit.percent', { v: Math.round(adh.percent) })), h('p', {}, t('progress.sessions_of', { sessions: adh.sessions, planned: adh.planned_days }))),
    ),
    p.week ? h('p', {}, h('strong', {}, t('progress.week', { week: p.week, weeks: p.program_weeks })), ` · ${t(`phase.${p.phase}`)}`) : null,
    goalsCard(p, names),
    h('p', { class: 'hint' }, t('progress.markers')),
    h(
      'div',
      { class: 'grid two' },
      lineChart({ title: t('progress.chart_pain'), points: pain, markers, yMax: 10 }),
      lineChart({ title: t('progress.chart_during'), points: during, markers, yMax: 10 }),
      lineChart({ title: t('progress.chart_walk'), points: walks, markers, unit: t('unit.minutes') }),
      barChart({ title: t('progress.chart_adherence'), bars: weeklySessions(p), yMax: 7 }),
      ['odi', 'rmdq', 'psfs']
        .filter((k) => byInstrument[k])
        .map((k) => lineChart({ title: t(`progress.chart_${k}`), points: byInstrument[k].map((s) => ({ date: s.date, value: scoreValue(s) })), yMax: k === 'odi' ? 100 : k === 'rmdq' ? 24 : 10 })),
    ),
    h('h2', {}, t('progress.scores')),
    p.scores.length
      ? h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('chart.date')), h('th', { scope: 'col' }, t('progress.instrument')), h('th', { scope: 'col' }, t('progress.score')))),
          h('tbody', {}, p.scores.map((s) => h('tr', {}, h('td', {}, formatDate(s.date)), h('td', {}, t(`instrument.${s.instrument}`)), h('td', {}, scoreText(s))))),
        )
      : h('p', { class: 'muted' }, t('progress.no_scores')),
    h('h2', {}, t('progress.timeline')),
    p.plan_changes.length ? changeList([...p.plan_changes].reverse(), names) : h('p', { class: 'muted' }, t('progress.no_changes')),
  ];
}
