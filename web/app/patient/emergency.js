// emergency.js: what to do now, before anything else, when an answer is an
// emergency. Plain words, the number to call, and nothing else competing.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function emergencyScreen(message, reasons) {
  return h(
    'div',
    { class: 'emergency', role: 'alert' },
    h('h1', { tabindex: '-1' }, t('emergency.title')),
    h('p', { class: 'say' }, message || t('emergency.default')),
    // only the other emergency signs: a routine "your care team will look at
    // this" would contradict "call now"
    (reasons || []).filter((r) => r.message && r.message !== message && (!r.tier || r.tier === 'emergency')).map((r) => h('p', {}, r.message)),
    h('p', {}, t('emergency.stopped')),
    h('p', {}, t('emergency.team')),
  );
}

// Offline, the server cannot triage a warning sign ticked now: say plainly
// which signs need help at once (CLINICAL.md 2, the emergency tier) and
// which need advice today, before anything else.
export function offlineSafetyScreen(queued) {
  return h(
    'div',
    { class: 'emergency', role: 'alert' },
    h('h1', { tabindex: '-1' }, t('offline_safety.title')),
    h('p', {}, t('offline_safety.intro')),
    h('p', { class: 'say' }, t('offline_safety.emergency')),
    h('ul', {}, ['offline_safety.sign1', 'offline_safety.sign2', 'offline_safety.sign3', 'offline_safety.sign4', 'offline_safety.sign5'].map((k) => h('li', {}, t(k)))),
    h('p', {}, t('offline_safety.otherwise')),
    queued ? h('p', {}, t('offline_safety.queued')) : null,
  );
}
