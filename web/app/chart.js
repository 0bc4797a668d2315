// chart.js: small SVG line charts with plan changes marked on the time
// axis. Each chart has a text alternative and its numbers as a table.
import { h } from './dom.js';
import { formatDate, t } from './i18n.js';

// The drawing's width in its own units: narrower on a phone, so that its
// 12-unit labels stay about 12 px tall when the chart fills the screen.
let W = 600;
const H = 220;
const fitWidth = () => {
  W = window.matchMedia?.('(max-width: 30rem)').matches ? 360 : 600;
};
const PAD = { l: 36, r: 12, t: 12, b: 28 };
let seq = 0;

// Grid lines and labels at 0, half and the top of the scale.
function yTicks(top, sy) {
  return [0, top / 2, top].map((v) =>
    h('svg:g', {}, h('svg:line', { x1: PAD.l, x2: W - PAD.r, y1: sy(v), y2: sy(v), stroke: '#c9d1d9' }), h('svg:text', { x: 4, y: sy(v) + 4, 'font-size': 12, fill: '#4a5560' }, String(Math.round(v * 10) / 10))),
  );
}

// The chart's numbers as a table, folded under the chart.
function dataTable(title, heads, rows) {
  return h(
    'details',
    {},
    h('summary', {}, t('chart.table', { title })),
    h('table', {}, h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))),
  );
}

const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;

// points: [{date, value}], markers: [{date, label}], yMax: the scale's top.
export function lineChart({ title, points, markers = [], yMax, unit = '' }) {
  fitWidth();
  seq += 1;
  const id = `chart-${seq}`;
  if (!points.length) return h('figure', { class: 'chart' }, h('figcaption', {}, title), h('p', { class: 'muted' }, t('chart.empty')));
  const xs = points.map((p) => day(p.date)).concat(markers.map((m) => day(m.date)));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  const top = yMax ?? Math.max(1, ...points.map((p) => p.value));
  const sx = (d) => PAD.l + ((day(d) - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (v) => H - PAD.b - (v / top) * (H - PAD.t - PAD.b);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.date).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
  const ticks = yTicks(top, sy);
  const svg = h(
    'svg:svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t`, focusable: 'false' },
    h('svg:title', { id: `${id}-t` }, t('chart.alt', { title, n: points.length, last: points[points.length - 1].value, unit })),
    ticks,
    markers.map((m) =>
      h('svg:g', {}, h('svg:line', { x1: sx(m.date), x2: sx(m.date), y1: PAD.t, y2: H - PAD.b, stroke: '#b36b00', 'stroke-dasharray': '4 3' }), h('svg:title', {}, m.label)),
    ),
    h('svg:path', { d: path, fill: 'none', stroke: '#0b5d7a', 'stroke-width': 2.5 }),
    points.map((p) => h('svg:circle', { cx: sx(p.date), cy: sy(p.value), r: 3, fill: '#0b5d7a' })),
    h('svg:text', { x: PAD.l, y: H - 8, 'font-size': 12, fill: '#4a5560' }, formatDate(points[0].date)),
    h('svg:text', { x: W - PAD.r, y: H - 8, 'font-size': 12, fill: '#4a5560', 'text-anchor': 'end' }, formatDate(points[points.length - 1].date)),
  );
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    svg,
    dataTable(title, [t('chart.date'), title], points.map((p) => [formatDate(p.date), `${p.value}${unit}`])),
  );
}

// bars: [{label, value, target}], one bar a period (a week of the program),
// with the period's target drawn as a tick when known.
export function barChart({ title, bars, yMax, unit = '' }) {
  fitWidth();
  if (!bars.length) return h('figure', { class: 'chart' }, h('figcaption', {}, title), h('p', { class: 'muted' }, t('chart.empty')));
  seq += 1;
  const id = `chart-${seq}`;
  const top = yMax ?? Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0)));
  const slot = (W - PAD.l - PAD.r) / bars.length;
  const bw = Math.max(4, Math.min(40, slot * 0.6));
  const sy = (v) => H - PAD.b - (v / top) * (H - PAD.t - PAD.b);
  const cx = (i) => PAD.l + slot * (i + 0.5);
  const ticks = yTicks(top, sy);
  // label every bar when they fit, else about eight of them
  const every = Math.max(1, Math.ceil(bars.length / Math.floor(W / 70)));
  const svg = h(
    'svg:svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t`, focusable: 'false' },
    h('svg:title', { id: `${id}-t` }, t('chart.bars_alt', { title, n: bars.length, last: bars[bars.length - 1].value, unit })),
    ticks,
    bars.map((b, i) =>
      h(
        'svg:g',
        {},
        h('svg:rect', { x: cx(i) - bw / 2, y: sy(b.value), width: bw, height: Math.max(0, H - PAD.b - sy(b.value)), fill: '#0b5d7a' }),
        b.target === undefined || b.target === null ? null : h('svg:line', { x1: cx(i) - bw / 2 - 3, x2: cx(i) + bw / 2 + 3, y1: sy(b.target), y2: sy(b.target), stroke: '#b36b00', 'stroke-width': 2.5 }),
        i % every === 0 ? h('svg:text', { x: cx(i), y: H - 8, 'font-size': 12, fill: '#4a5560', 'text-anchor': 'middle' }, b.label) : null,
      ),
    ),
  );
  const withTarget = bars.some((b) => b.target !== undefined && b.target !== null);
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    svg,
    dataTable(
      title,
      [t('chart.period'), title, ...(withTarget ? [t('chart.target')] : [])],
      bars.map((b) => [b.label, `${b.value}${unit}`, ...(withTarget ? [b.target ?? '–'] : [])]),
    ),
  );
}
