// session.js: who is signed in. The session itself is an HttpOnly cookie;
// the page keeps the user and the CSRF token in memory, and a copy of the
// user (never the token) in localStorage so that an offline start can still
// show today's plan from the service worker's copy.
import { get, post, setCsrf } from './api.js';

const HINT = 'mrx.user';
let user = null;

export const currentUser = () => user;

function remember(u, csrf) {
  user = u;
  setCsrf(csrf);
  localStorage.setItem(HINT, JSON.stringify(u));
}

// The user of a session the browser still has, or null. Asks the server only
// when this browser signed in before, so the sign-in page makes no failing request.
export async function restore() {
  let hint = null;
  try {
    hint = JSON.parse(localStorage.getItem(HINT) || 'null');
  } catch {
    hint = null;
  }
  if (!hint) return null;
  try {
    const me = await get('/me');
    remember(me.user, me.csrf_token);
    return user;
  } catch (e) {
    if (e.offline) {
      user = { ...hint, offline: true };
      return user;
    }
    localStorage.removeItem(HINT);
    return null;
  }
}

// A CSRF token for writes (after an offline start there is none yet).
export async function ensureSession() {
  if (user && !user.offline) return;
  const me = await get('/me');
  remember(me.user, me.csrf_token);
}

export async function signIn(email, password) {
  const res = await post('/login', { email, password });
  remember(res.user, res.csrf_token);
  return user;
}

export async function signOut() {
  try {
    await post('/logout');
  } catch {
    /* signed out locally either way */
  }
  user = null;
  setCsrf(null);
  localStorage.removeItem(HINT);
  // Health data kept for offline use goes with the session, and the marks of
  // sessions done. The outbox stays: what was logged but not yet sent is
  // sent after the next sign-in, never lost.
  if (window.caches) await caches.delete('mrx-data');
  for (const k of Object.keys(localStorage)) if (k.startsWith('mrx.session-done.')) localStorage.removeItem(k);
}
