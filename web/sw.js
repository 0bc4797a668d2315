// sw.js: keeps the app, today's plan, the exercise library and every lesson
// for use offline. The app's files: served from the cache at once and
// refreshed behind. The plan and lessons: from the network when it answers,
// else the last copy. Writes are never touched here: the page's outbox
// queues them with idempotency keys.
const SHELL = 'mrx-shell-v10';
const DATA = 'mrx-data';
const FILES = [
  '/', '/index.html', '/app.css', '/icon.svg', '/manifest.webmanifest',
  '/app/main.js', '/app/dom.js', '/app/i18n.js', '/app/strings.en.js', '/app/api.js', '/app/outbox.js',
  '/app/session.js', '/app/widgets.js', '/app/library.js', '/app/chart.js', '/app/progress-view.js',
  '/app/messages-view.js', '/app/signin.js', '/app/invite.js', '/app/clinic.js', '/app/figure.js', '/app/demo-view.js',
  '/app/session-plan.js', '/app/plan-why.js', '/app/patient/player.js',
  '/app/patient/today.js', '/app/patient/changes.js', '/app/patient/emergency.js', '/app/patient/red-flags.js', '/app/patient/intake.js',
  '/app/patient/checkin.js', '/app/patient/flare.js', '/app/patient/progress.js', '/app/patient/lessons.js',
  '/app/patient/lesson.js', '/app/patient/messages.js', '/app/patient/data.js', '/app/patient/followup.js',
  '/app/patient/questionnaires.js', '/app/patient/week.js', '/app/patient/reminders.js',
];
// API reads worth having offline.
const TODAY = /^\/api\/v1\/patients\/[^/]+\/today$/;
const KEEP = [TODAY, /^\/api\/v1\/lessons(\/[^/]+)?$/, /^\/api\/v1\/exercises$/, /^\/api\/v1\/checkin-questions$/, /^\/api\/v1\/org$/];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

// Every lesson, so that the patient can read any of them offline, not only
// the ones already opened, and the check-in's questions and the exercise
// library. Run when today's plan arrives (the patient is signed in); what is
// kept is refreshed whenever the app fetches it online.
async function keepForOffline() {
  const cache = await caches.open(DATA);
  // what the check-in, the flare screen and the session cards need
  for (const url of ['/api/v1/checkin-questions', '/api/v1/exercises']) {
    if (await cache.match(url)) continue;
    const r = await fetch(url, { credentials: 'same-origin' });
    if (r.ok) await cache.put(url, r);
  }
  let list = await cache.match('/api/v1/lessons');
  if (!list) {
    list = await fetch('/api/v1/lessons', { credentials: 'same-origin' });
    if (!list.ok) return;
    await cache.put('/api/v1/lessons', list.clone());
  }
  const { lessons } = await list.json();
  for (const { id } of lessons) {
    const url = `/api/v1/lessons/${encodeURIComponent(id)}`;
    if (await cache.match(url)) continue;
    const lesson = await fetch(url, { credentials: 'same-origin' });
    if (lesson.ok) await cache.put(url, lesson);
  }
}

async function networkFirst(request, event) {
  const cache = await caches.open(DATA);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    if (response.ok && TODAY.test(new URL(request.url).pathname)) event.waitUntil(keepForOffline().catch(() => {}));
    return response;
  } catch (e) {
    // today's plan of another day is better than nothing: match without the query
    const copy = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (copy) return copy;
    throw e;
  }
}

async function staleWhileRevalidate(request) {
  const cache = await caches.open(SHELL);
  const copy = await cache.match(request, { ignoreSearch: true });
  const fresh = fetch(request)
    .then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    })
    .catch(() => copy);
  return copy || fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (KEEP.some((re) => re.test(url.pathname))) event.respondWith(networkFirst(request, event));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(staleWhileRevalidate(new Request('/')));
    return;
  }
  event.respondWith(staleWhileRevalidate(request));
});

// A reminder from the server (Web Push, encrypted for this browser): shown as
// a notification that says a session is due, never anything about health.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'MoveRx', {
      body: data.body || '',
      tag: data.tag || 'moverx',
      icon: '/icon.svg',
      data: { url: data.url || '/#/today' },
    }),
  );
});

// Tapping it opens today's plan, in the app's window when one is open.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/#/today', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const own = windows.find((w) => w.url.startsWith(self.location.origin) && 'focus' in w);
      // navigate() works only on a window this worker controls; otherwise a new one
      if (own) return own.navigate(url).then((c) => (c || own).focus()).catch(() => self.clients.openWindow(url));
      return self.clients.openWindow(url);
    }),
  );
});
