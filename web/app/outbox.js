// outbox.js: writes a phone may have to make offline (sessions, check-ins).
// Each write is kept in localStorage with an Idempotency-Key chosen once,
// before the first try, and sent until the server answers. A retry after a
// lost answer carries the same key, so the server stores the write once and
// replays its first answer.
import { api } from './api.js';

let owner = null;
let ensureSession = async () => {};
const inFlight = new Set();
const listeners = new Set();
let flushing = null;

const storeKey = () => `mrx.outbox.${owner}`;
const failedKey = () => `mrx.outbox-failed.${owner}`;

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || '[]');
  } catch {
    return [];
  }
}

function write(key, list) {
  localStorage.setItem(key, JSON.stringify(list));
  for (const fn of listeners) fn();
}

// Ties the outbox to the signed-in user; `session` makes sure there is a
// CSRF token before anything is sent (after an offline start, say).
export function configure(userId, session) {
  owner = userId;
  ensureSession = session;
}

export function pending() {
  return owner ? read(storeKey()) : [];
}

// Writes the server refused when they were finally sent, to tell the user.
export function failed() {
  return owner ? read(failedKey()) : [];
}

export function dismissFailed() {
  write(failedKey(), []);
}

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function remove(key) {
  write(storeKey(), pending().filter((e) => e.key !== key));
}

// Whether an error means "try again later" rather than "refused".
function retryable(e) {
  // a session that ended or a stale CSRF token: sign in again, then send
  if (e.status === 401 || e.code === 'csrf') return true;
  return e.offline || e.status >= 500 || (e.status === 400 && e.field === 'Idempotency-Key');
}

async function sendOne(entry) {
  inFlight.add(entry.key);
  try {
    const result = await api('POST', entry.path, entry.body, { idempotencyKey: entry.key });
    remove(entry.key);
    return result;
  } catch (e) {
    if (!retryable(e)) {
      remove(entry.key);
      write(failedKey(), [...failed(), { ...entry, error: e.message, field: e.field }]);
    }
    throw e;
  } finally {
    inFlight.delete(entry.key);
  }
}

// Queues a write and tries to send it now. Resolves {sent, result} when the
// server stored it, {queued} when it waits for the network; rejects with the
// server's ApiError when refused (nothing then stays queued).
export async function submit(kind, path, body, label) {
  const entry = { key: newKey(), kind, path, body, label, queued_at: new Date().toISOString() };
  write(storeKey(), [...pending(), entry]);
  try {
    return { sent: true, result: await sendOne(entry) };
  } catch (e) {
    if (retryable(e)) return { queued: true };
    throw e;
  }
}

// Sends whatever waits, oldest first, stopping at the first network failure.
// What the server answered to a write sent later goes to onSent listeners
// (a check-in's triage, say, which must still be shown).
export function flush() {
  if (!owner) return Promise.resolve(0);
  if (flushing) return flushing;
  const run = (async () => {
    let sent = 0;
    try {
      if (!pending().length) return 0;
      await ensureSession();
      for (const entry of pending()) {
        if (inFlight.has(entry.key)) continue;
        try {
          const result = await sendOne(entry);
          sent += 1;
          for (const fn of sentListeners) fn(entry, result);
        } catch (e) {
          if (retryable(e)) break;
        }
      }
    } catch {
      /* still offline: try again later */
    }
    return sent;
  })();
  // cleared after it is stored: an empty queue finishes before the assignment
  flushing = run;
  run.finally(() => {
    if (flushing === run) flushing = null;
  });
  return run;
}

const sentListeners = new Set();
export function onSent(fn) {
  sentListeners.add(fn);
  return () => sentListeners.delete(fn);
}

window.addEventListener('online', () => flush());
setInterval(() => {
  if (navigator.onLine && pending().length) flush();
}, 15000);
