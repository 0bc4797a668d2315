// i18n.js: every string the app shows comes from one catalogue
// (strings.en.js), so that a translation is one more file of the same keys.
import en from './strings.en.js';

const catalogue = en;

// The string for key, with {name} placeholders filled from vars.
export function t(key, vars) {
  let s = catalogue[key];
  if (s === undefined) {
    console.warn(`moverx: no string for ${key}`);
    return key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return s;
}

export const has = (key) => key in catalogue;

// "1 session" / "3 sessions": key.one and key.other in the catalogue.
export function tn(key, n, vars) {
  return t(`${key}.${n === 1 ? 'one' : 'other'}`, { n, ...vars });
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return d.toLocaleDateString(catalogue['locale.tag'], { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export function formatDateTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(catalogue['locale.tag'], { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatLongDate(iso) {
  if (!iso) return '';
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(catalogue['locale.tag'], { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
}
