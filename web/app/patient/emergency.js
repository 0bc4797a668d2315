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
