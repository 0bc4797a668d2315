// notify.test.mjs: reminders sent for real, each to a receiver running here.
// Web Push: a push service on 127.0.0.1 that checks the server's VAPID token
// (RFC 8292) with the key the server publishes and decrypts the message
// (RFC 8291) with http_ece, as a browser would. E-mail: Debian's aiosmtpd as
// the clinic's SMTP server, writing what it receives to a Maildir. The server
// sends them itself, each second here, on the patient's own clock.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ece from 'http_ece';
import { BIN, PASSWORD, PHONE, ROOT, apiAs, cli, heading, makeClinic, openPage, startServer } from './harness.mjs';

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowUtc = () => new Date();
const hhmm = (d) => d.toISOString().slice(11, 16);

// The push service: records every request, answers with `status.code`.
const received = [];
const status = { code: 201 };
const pushService = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(status.code);
    res.end();
  });
});

// The SMTP server.
const maildir = mkdtempSync(join(tmpdir(), 'moverx-mail-'));
let smtp;
let smtpPort;

// The browser's keys: an ECDH pair and the 16-byte auth secret.
const ua = crypto.createECDH('prime256v1');
ua.generateKeys();
const authSecret = crypto.randomBytes(16);

// Fay: a program started today with a session on every day, an account, on the care team.
function clinicWithFay(db) {
  const clinic = makeClinic(db);
  const intake = JSON.parse(readFileSync(join(ROOT, 'examples', 'intake.json'), 'utf8'));
  intake.availability = { minutes_per_day: 25, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] };
  const file = join(mkdtempSync(join(tmpdir(), 'moverx-intake-')), 'intake.json');
  writeFileSync(file, JSON.stringify(intake));
  clinic.patientF = JSON.parse(cli(db, 'patient', 'add', '--name', 'Fay Field', '--birth-year', '1968', '--org', clinic.org)).id;
  cli(db, 'user', 'add', '--org', clinic.org, '--role', 'patient', '--email', 'fay@riverside.test', '--password-stdin', '--patient', clinic.patientF);
  cli(db, 'care', 'add', '--patient', clinic.patientF, '--clinician', clinic.clinician);
  cli(db, 'intake', clinic.patientF, file, '--date', nowUtc().toISOString().slice(0, 10));
  return clinic;
}

let env;
let pushUrl;
before(async () => {
  await new Promise((r) => pushService.listen(0, '127.0.0.1', r));
  pushUrl = `http://127.0.0.1:${pushService.address().port}`;
  smtpPort = await new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  smtp = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`, '-c', 'aiosmtpd.handlers.Mailbox', join(maildir, 'box')], { stdio: 'ignore' });
  process.env.MOVERX_REMINDERS_EVERY_SECONDS = '1';
  process.env.MOVERX_PUSH_HOSTS = `fcm.googleapis.com,http://127.0.0.1`;
  env = await startServer(clinicWithFay);
});
afterEach(async () => {
  await env?.closePages();
});
after(async () => {
  await env?.stop();
  smtp?.kill();
  pushService.close();
});

async function waitFor(check, what, ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// The VAPID token: ES256 over header.claims, checked with the key the server publishes.
function checkVapid(authorization, serverKey) {
  const m = /^vapid t=([^,]+), k=([A-Za-z0-9_-]+)$/.exec(authorization);
  assert.ok(m, `Authorization: ${authorization}`);
  assert.equal(m[2], serverKey, 'k is the server key the app subscribed with');
  const [h, c, sig] = m[1].split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url')), { typ: 'JWT', alg: 'ES256' });
  const point = Buffer.from(serverKey, 'base64url');
  const key = crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) }, format: 'jwk' });
  assert.ok(crypto.verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')), 'the signature checks');
  const claims = JSON.parse(Buffer.from(c, 'base64url'));
  assert.equal(claims.aud, pushUrl);
  assert.ok(claims.exp > Date.now() / 1000 && claims.exp <= Date.now() / 1000 + 24 * 3600, 'exp within 24 hours (RFC 8292)');
  assert.match(claims.sub, /^(mailto:|https:)/);
}

test('a push reminder at the patient’s time, encrypted for her browser, once a day', async () => {
  const fay = await apiAs(env, 'fay@riverside.test');
  const { public_key: serverKey } = (await fay('GET', '/push/key')).json;
  assert.equal(Buffer.from(serverKey, 'base64url').length, 65);

  // a push service the server is not set to trust is refused: no request to anywhere else
  let r = await fay('POST', `/patients/${env.clinic.patientF}/push-subscriptions`, { endpoint: 'https://intranet.example/hook', keys: { p256dh: b64url(ua.getPublicKey()), auth: b64url(authSecret) } });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'endpoint');
  r = await fay('POST', `/patients/${env.clinic.patientF}/push-subscriptions`, { endpoint: `${pushUrl}/push/fay`, keys: { p256dh: b64url(Buffer.alloc(65, 4)), auth: b64url(authSecret) } });
  assert.equal(r.status, 400, 'a p256dh that is no point on the curve');
  r = await fay('POST', `/patients/${env.clinic.patientF}/push-subscriptions`, { endpoint: `${pushUrl}/push/fay`, expirationTime: null, keys: { p256dh: b64url(ua.getPublicKey()), auth: b64url(authSecret) } });
  assert.equal(r.status, 201);

  // reminders at this minute, UTC: the server's next pass finds it due
  const at = hhmm(nowUtc());
  r = await fay('PATCH', `/patients/${env.clinic.patientF}/reminders`, { time: at, time_zone: 'UTC', push: true });
  assert.equal(r.status, 200);
  const msg = await waitFor(() => received[0], 'the push message');
  assert.equal(msg.path, '/push/fay');
  assert.equal(msg.headers['content-encoding'], 'aes128gcm');
  assert.ok(Number(msg.headers.ttl) > 0);
  checkVapid(msg.headers.authorization, serverKey);
  const payload = JSON.parse(ece.decrypt(msg.body, { version: 'aes128gcm', privateKey: ua, authSecret }).toString('utf8'));
  assert.equal(payload.title, 'Time for your exercises');
  assert.match(payload.body, /^Today's session takes about \d+ minutes\. Tap to start\.$/);
  assert.equal(payload.url, '/#/today');

  // the next passes find it sent: one a day
  await sleep(2500);
  assert.equal(received.length, 1, 'not sent twice');
});

test('an e-mail reminder through the clinic’s SMTP server', async () => {
  const admin = await apiAs(env, 'admin@riverside.test');
  const fay = await apiAs(env, 'fay@riverside.test');
  let r = await admin('PATCH', '/org/mail', { smtp_url: `smtp://127.0.0.1:${smtpPort}\r\nRCPT TO:<x@evil.test>`, from: 'care@riverside.test' });
  assert.equal(r.status, 400, 'no line break can ride into the SMTP dialogue');
  r = await admin('PATCH', '/org/mail', { smtp_url: `smtp://127.0.0.1:${smtpPort}`, from: 'care@riverside.test', smtp_user: 'moverx', smtp_password: 'not shown again' });
  assert.equal(r.status, 200);
  assert.equal(r.json.password_set, true);
  assert.equal(JSON.stringify(r.json).includes('not shown again'), false);
  assert.equal((await fay('GET', '/org/mail')).status, 403);
  // no sign-in on the sink: take the user off again, so that curl does not ask for AUTH
  r = await admin('PATCH', '/org/mail', { smtp_user: null, smtp_password: null });
  assert.equal(r.status, 200);

  r = await fay('GET', `/patients/${env.clinic.patientF}/reminders`);
  assert.equal(r.json.email_available, true);
  r = await fay('PATCH', `/patients/${env.clinic.patientF}/reminders`, { time: hhmm(nowUtc()), email: true });
  assert.equal(r.status, 200);
  const file = await waitFor(() => {
    try {
      return readdirSync(join(maildir, 'box', 'new'))[0];
    } catch {
      return null;
    }
  }, 'the e-mail');
  const mail = readFileSync(join(maildir, 'box', 'new', file), 'utf8');
  const blank = mail.search(/\r?\n\r?\n/);
  const head = mail.slice(0, blank);
  const body = mail.slice(blank);
  assert.match(head, /^From: care@riverside\.test$/m);
  assert.match(head, /^To: fay@riverside\.test$/m);
  assert.match(head, /^Subject: Time for your exercises$/m);
  assert.match(head, /^Message-ID: <[0-9a-f]{32}@moverx>$/m);
  assert.match(head, /^Content-Type: text\/plain; charset=utf-8$/m);
  assert.match(body, /today's exercise session takes about \d+ minutes/);
  assert.match(body, /To change or stop them, open Reminders in the app\./);
  assert.doesNotMatch(body + head.replace(/^(To|X-RcptTo): .*$/gm, ''), /Fay|Field|pain/i, 'no name or health detail in the mail');
});

test('a subscription the push service has ended is dropped', async () => {
  // tomorrow, from the command line as cron would run it; the push service says 410 Gone
  status.code = 410;
  const tomorrow = new Date(Date.now() + 86400000);
  // not execFileSync: this process is the push service, and must answer while moverx waits
  const run = (d) =>
    new Promise((resolve, reject) => {
      execFile(BIN, ['--data', join(ROOT, 'data'), 'remind', '--db', env.db, '--json', '--at', `${d.toISOString().slice(0, 16)}:30Z`, '--push-hosts', 'http://127.0.0.1'], (e, out, err) => (e ? reject(new Error(`${e.message}: ${err}`)) : resolve(JSON.parse(out))));
    });
  const first = await run(tomorrow);
  const push = first.reminders.find((x) => x.channel === 'push');
  assert.equal(push?.status, 'failed');
  assert.match(push.detail, /410/);
  const later = await run(new Date(Date.now() + 2 * 86400000));
  assert.equal(later.reminders.filter((x) => x.channel === 'push').length, 0, 'no subscription left to send to');
  assert.equal(later.reminders.filter((x) => x.channel === 'email' && x.status === 'sent').length, 1);
});

test('an invitation goes out by e-mail, and its link sets the password and signs in', async () => {
  const kim = await apiAs(env, 'kim@riverside.test');
  const { json: hal } = await kim('POST', '/patients', { name: 'Hal Hill', birth_year: 1955 });
  const before = new Set(readdirSync(join(maildir, 'box', 'new')));
  const r = await kim('POST', '/invitations', { email: 'Hal@Riverside.test', role: 'patient', patient: hal.id });
  assert.equal(r.status, 201);
  assert.equal(r.json.emailed, true);
  assert.equal(r.json.token, undefined, 'e-mailed: the link is only in the mail');
  assert.equal(r.json.link, undefined);
  const file = await waitFor(() => readdirSync(join(maildir, 'box', 'new')).find((f) => !before.has(f)), 'the invitation');
  const mail = readFileSync(join(maildir, 'box', 'new', file), 'utf8');
  assert.match(mail, /^To: hal@riverside\.test$/m);
  assert.match(mail, /^Subject: Your MoveRx account$/m);
  assert.match(mail, /Riverside Physio has invited you to MoveRx/);
  assert.match(mail, /You will sign in with this address: hal@riverside\.test/);
  const link = mail.match(/http:\/\/127\.0\.0\.1:\d+\/#\/invite\/[0-9a-f]{64}/)[0];
  // sent, the message's text (and its one-time link) is no longer kept in the store
  const kept = () => execFileSync('sqlite3', [env.db, "SELECT count(*) FROM mail_outbox WHERE status = 'sent' AND body IS NULL"], { encoding: 'utf8' }).trim();
  await waitFor(() => kept() === '1', 'the sent message cleared');

  const { page } = await openPage(env, PHONE);
  await page.goto(link);
  await heading(page, 'Choose your password');
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('The same password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByText('You sign in with: hal@riverside.test').waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Getting started');
});
