// accounts.test.mjs: an admin's accounts screen: everyone who can sign in,
// a new clinician invited (the link shown, since the clinic has no mail set),
// an invitation sent again, and a clinician disabled and enabled again, who is
// signed out at once while disabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, apiAs, assertAccessible, heading, openPage, screenshots, signIn, serverForFile } from './harness.mjs';

let env;
serverForFile((e) => (env = e));

test('an admin invites a clinician, sends the invitation again, and disables an account', async () => {
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'admin@riverside.test');
  await heading(page, 'Patients');
  await page.getByRole('link', { name: 'Accounts' }).click();
  await heading(page, 'Accounts');
  const kimRow = page.getByRole('row', { name: /kim@riverside\.test/ });
  assert.match(await kimRow.textContent(), /Clinician.*Active/);
  assert.equal(await page.getByRole('row', { name: /admin@riverside\.test/ }).getByRole('button', { name: 'Disable' }).count(), 0, 'not one’s own');

  await page.getByLabel('E-mail address').fill('lee@riverside.test');
  await page.getByRole('button', { name: 'Invite' }).click();
  const first = await page.locator('a.invite-link').textContent();
  assert.match(first, /\/#\/invite\/[0-9a-f]{64}$/);
  const leeRow = page.getByRole('row', { name: /lee@riverside\.test/ });
  assert.match(await leeRow.textContent(), /Invited, no password yet/);
  await leeRow.getByRole('button', { name: 'Send the invitation again' }).click();
  await page.getByText('Send lee@riverside.test this one-time link').waitFor();
  const second = await page.locator('a.invite-link').textContent();
  assert.notEqual(first, second, 'a new link, which replaces the first');

  // Kim is signed in elsewhere; disabled, her session ends at once
  const kim = await apiAs(env, 'kim@riverside.test');
  assert.equal((await kim('GET', '/panel')).status, 200);
  await kimRow.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('row', { name: /kim@riverside\.test/ }).getByText('Disabled').waitFor();
  assert.equal((await kim('GET', '/panel')).status, 401);
  await assertAccessible(page, 'accounts');
  await screenshots(page, 'accounts');
  await page.getByRole('row', { name: /kim@riverside\.test/ }).getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('row', { name: /kim@riverside\.test/ }).getByText('Active').waitFor();
  // a clinician cannot open it
  const { page: k } = await openPage(env, DESKTOP);
  await signIn(k, 'kim@riverside.test');
  await heading(k, 'Patients');
  assert.equal(await k.getByRole('link', { name: 'Accounts' }).count(), 0);
});

test('a clinician invites their own patient from the patient’s page, with no admin', async () => {
  const kim = await apiAs(env, 'kim@riverside.test');
  const { json: gus } = await kim('POST', '/patients', { name: 'Gus Green', birth_year: 1961 });
  const { page } = await openPage(env, DESKTOP);
  await signIn(page, 'kim@riverside.test');
  await heading(page, 'Patients');
  await page.goto(`/#/patients/${gus.id}`);
  await heading(page, 'Gus Green');
  const card = page.getByRole('region', { name: 'The patient’s account' });
  await card.getByText('They have no account yet').waitFor();
  await card.getByLabel('Patient’s e-mail address (for the invitation)').fill('gus@riverside.test');
  await card.getByRole('button', { name: 'Invite to the app' }).click();
  assert.match(await card.locator('a.invite-link').textContent(), /\/#\/invite\/[0-9a-f]{64}$/);
  await assertAccessible(page, 'patient page, invited');
  await page.reload();
  await heading(page, 'Gus Green');
  await page.getByRole('region', { name: 'The patient’s account' }).getByText('Invited as gus@riverside.test; no password set yet.').waitFor();
  // a clinician may invite only patients, and only their own
  assert.equal((await kim('POST', '/invitations', { email: 'x@riverside.test', role: 'clinician' })).status, 403);
  assert.equal((await kim('POST', '/invitations', { email: 'y@riverside.test', role: 'patient' })).status, 403);
});
