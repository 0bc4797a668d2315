// reminders.js: the patient sets their own reminders (the days, the time,
// quiet hours) and adds their sessions to the calendar they already use:
// Google, Apple or Outlook subscribe to a private feed address that is shown
// once; a calendar file can be downloaded instead. Times are in the phone's
// own time zone, sent with every change.
import { api, get } from '../api.js';
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { busy, checkbox, errorLine, field, page } from '../widgets.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

// "BASE64URL" -> bytes, as PushManager.subscribe takes the server's key.
function keyBytes(b64) {
  const s = atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

// This browser's push subscription, made (asking permission) when wanted,
// and given to the server; or ended. Throws an Error whose message is for the patient.
async function setPush(pid, on) {
  const reg = await navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  if (!on) {
    if (sub) {
      await api('DELETE', `/patients/${pid}/push-subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`);
      await sub.unsubscribe();
    }
    return;
  }
  if ((await Notification.requestPermission()) !== 'granted') throw new Error(t('reminders.push_denied'));
  if (!sub) {
    const { public_key: key } = await get('/push/key');
    sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  }
  await api('POST', `/patients/${pid}/push-subscriptions`, sub.toJSON());
}

function settingsForm(pid, s) {
  const err = errorLine();
  const saved = h('p', { class: 'good', role: 'status', hidden: true });
  const button = h('button', { class: 'btn', type: 'submit' }, t('reminders.save'));
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const quietStart = form.elements.quiet_start.value;
        const quietEnd = form.elements.quiet_end.value;
        if (Boolean(quietStart) !== Boolean(quietEnd)) return err.show({ field: 'quiet_start', message: t('reminders.quiet_both') });
        const body = {
          time: form.elements.time.value,
          time_zone: zone(),
          days: DAYS.filter((d) => form.elements[`day-${d}`].checked),
          quiet_hours: quietStart ? { start: quietStart, end: quietEnd } : null,
          push: form.elements.push.checked,
          email: form.elements.email.checked,
        };
        busy(button, true);
        err.show(null);
        saved.hidden = true;
        try {
          if (pushSupported() && body.push !== s.push) await setPush(pid, body.push);
          await api('PATCH', `/patients/${pid}/reminders`, body);
          s.push = body.push;
          saved.textContent = t('reminders.saved', { time: body.time });
          saved.hidden = false;
          saved.focus?.();
        } catch (e) {
          err.show(e);
        }
        busy(button, false);
      },
    },
    field(t('reminders.time'), { type: 'time', name: 'time', value: s.time, required: true }, t('reminders.zone', { zone: zone() })),
    h('fieldset', {}, h('legend', {}, t('reminders.days')), h('p', { class: 'hint' }, t('reminders.days_hint')), h('div', { class: 'day-row' }, DAYS.map((d) => checkbox(`day-${d}`, t(`weekday.${d}`), s.days.includes(d))))),
    h(
      'fieldset',
      {},
      h('legend', {}, t('reminders.how')),
      checkbox('push', t('reminders.push'), s.push),
      h('p', { class: 'hint' }, t(pushSupported() ? 'reminders.push_hint' : 'reminders.push_unsupported')),
      checkbox('email', t('reminders.email'), s.email),
      h('p', { class: 'hint' }, t(s.email_available ? 'reminders.email_hint' : 'reminders.email_unavailable')),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('reminders.quiet')),
      h('p', { class: 'hint' }, t('reminders.quiet_hint')),
      h('div', { class: 'grid two' }, field(t('reminders.quiet_start'), { type: 'time', name: 'quiet_start', value: s.quiet_hours?.start || '' }), field(t('reminders.quiet_end'), { type: 'time', name: 'quiet_end', value: s.quiet_hours?.end || '' })),
    ),
    err,
    saved,
    button,
  );
  if (!pushSupported()) form.elements.push.disabled = !s.push;
  if (!s.email_available) form.elements.email.disabled = !s.email;
  return form;
}

// The one-time set-up: the address and a way into each calendar app.
function setupPanel(links) {
  const address = h('input', { type: 'text', readonly: true, value: links.url, 'aria-label': t('calendar.address'), onfocus: (ev) => ev.target.select() });
  return h(
    'div',
    { class: 'notice', role: 'status', tabindex: '-1' },
    h('p', {}, h('strong', {}, t('calendar.ready'))),
    h(
      'ul',
      { class: 'cal-links' },
      h('li', {}, h('a', { href: links.google, target: '_blank', rel: 'noopener' }, t('calendar.google'))),
      h('li', {}, h('a', { href: links.webcal }, t('calendar.apple'))),
      h('li', {}, h('a', { href: links.outlook, target: '_blank', rel: 'noopener' }, t('calendar.outlook'))),
    ),
    h('p', {}, t('calendar.other')),
    address,
    h('p', { class: 'hint' }, t('calendar.private')),
  );
}

function calendarCard(pid, active) {
  const slot = h('div', {});
  const err = errorLine();
  const add = h('button', { class: 'btn', type: 'button' }, t(active ? 'calendar.new' : 'calendar.add'));
  const stop = h('button', { class: 'btn ghost', type: 'button' }, t('calendar.stop'));
  add.addEventListener('click', async () => {
    busy(add, true);
    err.show(null);
    try {
      const links = await api('POST', `/patients/${pid}/calendar`, {});
      clear(slot).append(setupPanel(links));
      slot.firstChild.focus();
      stop.hidden = false;
      add.textContent = t('calendar.new');
    } catch (e) {
      err.show(e);
    }
    busy(add, false);
  });
  stop.hidden = !active;
  stop.addEventListener('click', async () => {
    if (stop.dataset.confirm !== 'yes') {
      stop.dataset.confirm = 'yes';
      stop.textContent = t('calendar.stop_confirm');
      return;
    }
    busy(stop, true);
    try {
      await api('DELETE', `/patients/${pid}/calendar`);
      clear(slot).append(h('p', { role: 'status' }, t('calendar.stopped')));
      stop.hidden = true;
      add.textContent = t('calendar.add');
    } catch (e) {
      err.show(e);
    }
    busy(stop, false);
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'cal-h' },
    h('h2', { id: 'cal-h' }, t('calendar.title')),
    h('p', {}, t(active ? 'calendar.active' : 'calendar.intro')),
    slot,
    err,
    h('div', { class: 'row' }, add, stop),
    h('p', {}, h('a', { href: `/api/v1/patients/${encodeURIComponent(pid)}/calendar.ics`, download: 'moverx-sessions.ics' }, t('calendar.download'))),
  );
}

export async function render(ctx) {
  const pid = ctx.user.patient;
  const s = await get(`/patients/${pid}/reminders`);
  return page(
    t('reminders.title'),
    h('p', { class: 'muted' }, t('reminders.intro')),
    h('section', { class: 'card', 'aria-labelledby': 'rem-h' }, h('h2', { id: 'rem-h' }, t('reminders.when')), settingsForm(pid, s)),
    calendarCard(pid, s.calendar.active),
  );
}
