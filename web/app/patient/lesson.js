// lesson.js: one lesson. The server renders the Markdown (cmark, safe mode);
// the HTML is parsed inertly and only plain text elements are kept.
import { h } from '../dom.js';
import { get } from '../api.js';
import { t } from '../i18n.js';

const ALLOWED = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'BLOCKQUOTE', 'A', 'CODE', 'BR', 'HR']);

function clean(node) {
  const out = document.createDocumentFragment();
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out.append(child.textContent);
    else if (child.nodeType === Node.ELEMENT_NODE) {
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
  const lesson = await get(`/lessons/${encodeURIComponent(params.id)}`);
  const doc = new DOMParser().parseFromString(lesson.html, 'text/html');
  doc.body.querySelector('h1')?.remove();
  return h('article', { class: 'page lesson' }, h('h1', { tabindex: '-1' }, lesson.title), clean(doc.body), h('p', {}, h('a', { href: '#/lessons' }, t('lessons.back'))));
}
