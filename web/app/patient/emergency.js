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
    (reasons || []).filter((r) => r.message && r.message !== message).map((r) => h('p', {}, r.message)),
    h('p', {}, t('emergency.stopped')),
    h('p', {}, t('emergency.team')),
  );
}
