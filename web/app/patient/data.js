// data.js: "download my data": everything held, as the export the server
// gives, which the patient owns.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { page } from '../widgets.js';

export function render(ctx) {
  return page(
    t('data.title'),
    h('p', {}, t('data.intro')),
    h('p', {}, h('a', { class: 'btn', href: `/api/v1/patients/${encodeURIComponent(ctx.user.patient)}/export`, download: `moverx-${ctx.user.patient}.json` }, t('data.download'))),
    h('p', { class: 'muted' }, t('data.what')),
  );
}
