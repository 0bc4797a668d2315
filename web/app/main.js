// main.js: the app's shell: who is signed in, the navigation for their role,
// and a hash router that renders one screen at a time into <main>.
import { h, clear } from './dom.js';
import { get } from './api.js';
import { t } from './i18n.js';
import * as outbox from './outbox.js';
import { loadClinic } from './clinic.js';
import { emergencyScreen, urgentNotice } from './patient/emergency.js';
import { currentUser, ensureSession, restore, signOut } from './session.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const status = document.getElementById('status');

// The skip link moves the focus to the page's content. Followed as a plain
// link, its #main would be taken for a route and lead to the start page.
document.querySelector('.skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  (main.querySelector('h1') || main).focus();
});

// Screens by hash path; each module exports render(ctx) -> Node.
const routes = [
  ['/signin', () => import('./signin.js'), 'any'],
  ['/invite/:token', () => import('./invite.js'), 'any'],
  ['/today', () => import('./patient/today.js'), 'patient'],
  ['/session', () => import('./patient/player.js'), 'patient'],
  ['/intake', () => import('./patient/intake.js'), 'patient'],
  ['/checkin', () => import('./patient/checkin.js'), 'patient'],
  ['/flare', () => import('./patient/flare.js'), 'patient'],
  ['/restart', () => import('./patient/restart.js'), 'patient'],
  ['/progress', () => import('./patient/progress.js'), 'patient'],
  ['/checkup', () => import('./patient/followup.js'), 'patient'],
  ['/lessons', () => import('./patient/lessons.js'), 'signed'],
  ['/lessons/:id', () => import('./patient/lesson.js'), 'signed'],
  ['/messages', () => import('./patient/messages.js'), 'patient'],
  ['/data', () => import('./patient/data.js'), 'patient'],
  ['/reminders', () => import('./patient/reminders.js'), 'patient'],
  ['/panel', () => import('./care/panel.js'), 'care'],
  ['/alerts', () => import('./care/alerts.js'), 'care'],
  ['/inbox', () => import('./care/inbox.js'), 'care'],
  ['/outcomes', () => import('./care/outcomes.js'), 'care'],
  ['/new-patient', () => import('./care/new-patient.js'), 'care'],
  ['/patients/:id', () => import('./care/patient.js'), 'signed'],
  ['/patients/:id/plan', () => import('./care/plan-editor.js'), 'care'],
  ['/patients/:id/messages', () => import('./care/conversation.js'), 'care'],
  ['/settings', () => import('./care/settings.js'), 'admin'],
  ['/accounts', () => import('./care/accounts.js'), 'admin'],
];

const navItems = {
  patient: [
    ['/today', 'nav.today'],
    ['/checkin', 'nav.checkin'],
    ['/progress', 'nav.progress'],
    ['/lessons', 'nav.lessons'],
    ['/messages', 'nav.messages'],
    ['/data', 'nav.data'],
  ],
  care: [
    ['/panel', 'nav.panel'],
    ['/alerts', 'nav.alerts'],
    ['/inbox', 'nav.messages'],
    ['/outcomes', 'nav.outcomes'],
    ['/new-patient', 'nav.new_patient'],
  ],
};

function match(path) {
  for (const [pattern, load, who] of routes) {
    const names = [];
    const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
    const m = path.match(re);
    if (m) return { load, who, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

const isCare = (u) => u && (u.role === 'clinician' || u.role === 'admin');
const home = (u) => (!u ? '/signin' : isCare(u) ? '/panel' : '/today');

export function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = path;
}

function drawNav(path) {
  clear(nav);
  const u = currentUser();
  if (!u) return;
  const items = navItems[isCare(u) ? 'care' : 'patient'];
  for (const [p, key] of u.role === 'admin' ? [...items, ['/accounts', 'nav.accounts'], ['/settings', 'nav.settings']] : items)
    nav.append(h('a', { href: `#${p}`, 'aria-current': path === p || path.startsWith(`${p}/`) ? 'page' : null, 'data-nav': key }, t(key)));
  drawUnread();
  nav.append(
    h('button', { type: 'button', onclick: async () => { await signOut(); go('/signin'); } }, t('nav.signout')),
  );
}

// The unread messages waiting for the signed-in person, as a badge on
// Messages; asked again whenever a conversation has been read.
async function drawUnread() {
  const link = nav.querySelector('[data-nav="nav.messages"]');
  if (!link || !navigator.onLine) return;
  let n = 0;
  try {
    ({ messages: n } = await get('/unread'));
  } catch {
    return; // no badge is better than a wrong one
  }
  link.querySelector('.badge')?.remove();
  link.setAttribute('aria-label', n ? t('nav.messages_unread', { n }) : t('nav.messages'));
  if (n) link.append(' ', h('span', { class: 'badge', 'aria-hidden': 'true' }, String(n)));
}

function drawStatus() {
  const waiting = outbox.pending().length;
  const parts = [];
  if (!navigator.onLine) parts.push(t('status.offline'));
  if (waiting) parts.push(t(waiting === 1 ? 'status.waiting.one' : 'status.waiting.other', { n: waiting }));
  status.textContent = parts.join(' ');
}

let renderSeq = 0;
async function render() {
  const seq = ++renderSeq;
  const path = location.hash.replace(/^#/, '') || '';
  const u = currentUser();
  const found = match(path);
  if (!found) return go(home(u));
  if (found.who !== 'any' && !u) return go('/signin');
  if (found.who === 'patient' && u.role !== 'patient') return go(home(u));
  if (found.who === 'care' && !isCare(u)) return go(home(u));
  if (found.who === 'admin' && u.role !== 'admin') return go(home(u));
  if (path === '/signin' && u) return go(home(u));
  document.body.classList.toggle('wide', isCare(u));
  drawNav(path);
  let node;
  try {
    const mod = await found.load();
    node = await mod.render({ params: found.params, user: u, go, refresh: render });
  } catch (e) {
    node = errorPage(e);
  }
  if (seq !== renderSeq || !node) return;
  clear(main).append(node);
  const title = main.querySelector('h1');
  document.title = title ? `${title.textContent} · MoveRx` : 'MoveRx';
  (title || main).focus({ preventScroll: false });
}

function errorPage(e) {
  if (e && e.status === 401) {
    signOut();
    setTimeout(() => go('/signin'));
    return h('p', {}, t('error.signed_out'));
  }
  const key = e && e.status === 404 ? 'error.not_found' : e && e.offline ? 'error.offline_page' : 'error.general';
  return h('div', { class: 'page' }, h('h1', { tabindex: '-1' }, t(`${key}.title`)), h('p', {}, t(key)), h('p', {}, h('a', { href: `#${home(currentUser())}` }, t('error.home'))));
}

// The page's own words (index.html holds English for the first paint).
function translateShell() {
  document.documentElement.lang = t('locale.tag');
  document.querySelector('.skip').textContent = t('shell.skip');
  nav.setAttribute('aria-label', t('shell.nav'));
  const loading = main.querySelector('.loading');
  if (loading) loading.textContent = t('shell.loading');
}

// A check-in sent later may carry a warning sign: its triage is shown the
// moment the server answers, whatever page is open.
function showLateTriage(entry, res) {
  const tier = res?.triage?.tier;
  if (tier !== 'emergency' && tier !== 'urgent') return;
  renderSeq += 1; // a render under way must not cover it
  clear(main).append(
    tier === 'emergency'
      ? emergencyScreen(res.triage.reasons[0]?.message, res.triage.reasons)
      : h('div', { class: 'page' }, h('h1', { tabindex: '-1' }, t('late_triage.title')), urgentNotice(res.triage.reasons, null, res.status)),
  );
  main.querySelector('h1').focus();
}

async function boot() {
  translateShell();
  outbox.onSent(showLateTriage);
  const u = await restore();
  if (u) outbox.configure(u.id, ensureSession);
  // the clinic's numbers for the call buttons, kept on the phone for offline
  if (u) loadClinic();
  outbox.onChange(drawStatus);
  window.addEventListener('online', drawStatus);
  window.addEventListener('offline', drawStatus);
  window.addEventListener('hashchange', render);
  window.addEventListener('mrx:read', drawUnread);
  window.addEventListener('mrx:signed-in', () => {
    outbox.configure(currentUser().id, ensureSession);
    outbox.flush();
    loadClinic();
  });
  drawStatus();
  await render();
  if (u) outbox.flush();
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
}

boot();
