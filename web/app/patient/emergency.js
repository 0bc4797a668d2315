// emergency.js: what to do now, before anything else, when an answer is an
// emergency or urgent. Plain words, a button that calls the clinic's
// emergency number, and nothing else competing; the same screens wherever
// the answer was given (intake, check-in, flare, today, a late triage).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { clinicReady, crisisLine, emergencyNumber, telHref } from '../clinic.js';

// A tap-to-call link, as big as a button; it follows the clinic's number
// when that is still being read (just after signing in).
export function callButton() {
  const show = (el) => {
    const number = emergencyNumber();
    el.href = telHref(number);
    el.textContent = t('emergency.call', { number });
    return el;
  };
  const link = show(h('a', { class: 'btn big call' }));
  clinicReady().then(() => show(link));
  return link;
}

export function emergencyScreen(message, reasons) {
  return h(
    'div',
    { class: 'emergency', role: 'alert' },
    h('h1', { tabindex: '-1' }, t('emergency.title')),
    h('p', { class: 'say' }, message || t('emergency.default')),
    h('p', {}, callButton()),
    // only the other emergency signs: a routine "your care team will look at
    // this" would contradict "call now"
    (reasons || []).filter((r) => r.message && r.message !== message && (!r.tier || r.tier === 'emergency')).map((r) => h('p', {}, r.message)),
    h('p', {}, t('emergency.stopped')),
    h('p', {}, t('emergency.team')),
  );
}

// The coping rule's safety net: the crisis line, when the clinic has one.
export function crisisNote(reasons) {
  const line = crisisLine();
  if (!line || !(reasons || []).some((r) => r.rule === 'coping')) return null;
  return h('p', { class: 'crisis' }, t('crisis.before'), ' ', h('a', { href: telHref(line) }, t('crisis.call', { number: line })), ' ', t('crisis.after'));
}

// Urgent: see a doctor today, why, and (for a program, status 'paused')
// that the exercises are paused.
export function urgentNotice(reasons, extra, status = 'paused') {
  const urgent = (reasons || []).filter((r) => r.tier === 'urgent' || r.tier === 'emergency');
  return h(
    'div',
    { class: 'notice urgent', role: 'alert', tabindex: '-1' },
    h('p', {}, h('strong', {}, t(status === 'paused' ? 'checkin.urgent' : 'checkin.urgent_no_program'))),
    urgent.map((r) => h('p', {}, r.message)),
    extra || null,
    crisisNote(reasons),
  );
}

// No program for this person (under 16): see a doctor, and why.
export function notStartedScreen(message, reasons) {
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: '-1' }, t('not_started.title')),
    h('div', { class: 'notice', role: 'alert' }, h('p', {}, h('strong', {}, message || t('not_started.default'))), (reasons || []).map((r) => h('p', {}, r.message))),
  );
}

// Offline, the server cannot triage a warning sign ticked now: say plainly
// which signs need help at once (CLINICAL.md 1.2, the emergency tier) and
// which need advice today, before anything else.
export function offlineSafetyScreen(queued) {
  return h(
    'div',
    { class: 'emergency', role: 'alert' },
    h('h1', { tabindex: '-1' }, t('offline_safety.title')),
    h('p', {}, t('offline_safety.intro')),
    h('p', { class: 'say' }, t('offline_safety.emergency')),
    h('ul', {}, ['offline_safety.sign1', 'offline_safety.sign2', 'offline_safety.sign3', 'offline_safety.sign4', 'offline_safety.sign5'].map((k) => h('li', {}, t(k)))),
    h('p', {}, callButton()),
    h('p', {}, t('offline_safety.otherwise')),
    queued ? h('p', {}, t('offline_safety.queued')) : null,
  );
}
