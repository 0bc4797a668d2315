// api.js: the JSON API client. Adds the CSRF token to writes, an
// Idempotency-Key when asked, and turns error replies into ApiError with the
// field the server named. A request that never reached the server throws
// ApiError with offline set.
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.offline = status === 0;
  }
}

let csrfToken = null;
export function setCsrf(token) {
  csrfToken = token;
}

export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let res;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'offline', e.message, null);
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'internal', err.message || res.statusText, err.field || null);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body, options) => api('POST', path, body === undefined ? {} : body, options);
