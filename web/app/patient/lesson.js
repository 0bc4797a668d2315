// lesson.js: one lesson. The server renders the Markdown (cmark, safe mode);
// the HTML is parsed inertly and only plain text elements are kept.
import { h } from '../dom.js';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { clinicReady, crisisLine, emergencyNumber, telHref } from '../clinic.js';

// A lesson marks where its reader needs the clinic's own numbers with a
// paragraph "{{crisis-line}}": the crisis line (when the clinic has one) and
// the emergency number, as buttons that dial.
const HELP_MARK = '{{crisis-line}}';

function helpBox() {
  const line = crisisLine();
  const number = emergencyNumber();
  return h(
    'div',
    { class: 'notice help-lines', role: 'note' },
    line
      ? h('p', {}, t('crisis.before'), ' ', h('a', { class: 'btn', href: telHref(line) }, t('crisis.call', { number: line })), ' ', t('crisis.after'))
      : h('p', {}, t('lesson.no_crisis_line')),
    h('p', {}, t('lesson.emergency'), ' ', h('a', { class: 'btn danger', href: telHref(number) }, t('emergency.call', { number }))),
  );
}

const ALLOWED = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'BLOCKQUOTE', 'A', 'CODE', 'BR', 'HR']);

function clean(node) {
  const out = document.createDocumentFragment();
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out.append(child.textContent);
    else if (child.nodeType === Node.ELEMENT_NODE) {
      if (child.tagName === 'P' && child.textContent.trim() === HELP_MARK) {
        out.append(helpBox());
        continue;
      }
      if (!ALLOWED.has(child.tagName)) {
        out.append(clean(child));
        continue;
      }
      // Headings inside the lesson sit under the page's h1.
      const tag = /^H[1-4]$/.test(child.tagName) ? `h${Math.max(2, Number(child.tagName[1]))}` : child.tagName.toLowerCase();
      const el = document.createElement(tag);
      if (tag === 'a') {
        const href = child.getAttribute('href') || '';
        if (/^(https?:|#|\/)/.test(href)) el.setAttribute('href', href);
      }
      el.append(clean(child));
      out.append(el);
    }
  }
  return out;
}

export async function render({ params }) {
  const [lesson] = await Promise.all([get(`/lessons/${encodeURIComponent(params.id)}`), clinicReady()]);
  const doc = new DOMParser().parseFromString(lesson.html, 'text/html');
  doc.body.querySelector('h1')?.remove();
  return h('article', { class: 'page lesson' }, h('h1', { tabindex: '-1' }, lesson.title), clean(doc.body), h('p', {}, h('a', { href: '#/lessons' }, t('lessons.back'))));
}
