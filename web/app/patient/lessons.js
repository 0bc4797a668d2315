// lessons.js: the list of short lessons.
import { h } from '../dom.js';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { page } from '../widgets.js';

export async function render() {
  const { lessons } = await get('/lessons');
  return page(
    t('lessons.title'),
    h('p', {}, t('lessons.intro')),
    h('ul', {}, lessons.map((l) => h('li', {}, h('a', { href: `#/lessons/${l.id}` }, l.title), ' ', h('span', { class: 'muted' }, t('lessons.minutes', { n: Math.max(1, Math.round(l.words / 200)) }))))),
  );
}
