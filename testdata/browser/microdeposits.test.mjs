// Auth's micro-deposit flows in a real browser, through the drop-in Link
// page: an Automated Micro-deposits Item from Link to verified (a day on
// the emulator clock, with its webhook), and a Same-day one from typed
// numbers to verified in update mode (two wrong entries, then the right
// deposits), and an instant one verified in the same session. A Go test
// (emulator/node_test.go) starts the emulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { emu, plaid, linkToken, openLink, result, events, shot, checkEvents, assertSuccessMetadata, start, stop } from './harness.mjs';

before(start);
after(stop);

async function admin(path, body) {
  const r = await fetch(emu + path, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {});
  assert.ok(r.ok, `${path}: ${r.status}`);
  return r.json();
}
async function authFails(access_token, code) {
  const r = await fetch(emu + '/auth/get', { method: 'POST', headers: { 'PLAID-CLIENT-ID': 'browser_client', 'PLAID-SECRET': 'browser_secret',
    'Content-Type': 'application/json' }, body: JSON.stringify({ access_token }) });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error_code, code);
}

test('automated micro-deposits: Houndstooth with microdeposits_good, pending, then verified a day later with AUTOMATICALLY_VERIFIED', async () => {
  const token = await linkToken({ webhook: 'http://127.0.0.1:9/hook', auth: { automated_microdeposits_enabled: true } });
  const { page, frame } = await openLink(token);
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Houndstooth Bank' }).click();
  await frame.getByLabel('Username').fill('user_good');
  await frame.getByLabel('Password').fill('microdeposits_good');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  assert.ok(r.metadata.accounts.every((a) => a.verification_status === 'pending_automatic_verification'), JSON.stringify(r.metadata.accounts));
  checkEvents(await events(page));
  const { access_token, item_id } = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  assert.equal((await plaid('/item/get', { access_token })).item.auth_method, 'AUTOMATED_MICRODEPOSITS');
  await authFails(access_token, 'PRODUCT_NOT_READY');
  await admin('/_emulator/clock', { advance: '25h' });
  const auth = await plaid('/auth/get', { access_token });
  assert.ok(auth.accounts.every((a) => a.verification_status === 'automatically_verified'));
  assert.ok(auth.numbers.ach.length > 0);
  const log = await admin('/_emulator/webhooks?item_id=' + item_id);
  assert.ok(log.webhooks.some((w) => w.webhook_code === 'AUTOMATICALLY_VERIFIED'), JSON.stringify(log.webhooks.map((w) => w.webhook_code)));
  await page.close();
});

test('same-day micro-deposits: typed numbers, then in update mode two wrong entries and the right deposits', async () => {
  const token = await linkToken({ auth: { same_day_microdeposits_enabled: true } });
  let { page, frame } = await openLink(token);
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Link with account numbers instead' }).click();
  await frame.getByRole('heading', { name: 'Enter your account details' }).waitFor();
  await frame.getByLabel('Routing number').fill('110000000');
  await frame.getByLabel('Account number').fill('1111222233330000');
  await frame.getByLabel('Full name on the account').fill('Alberta Charleson');
  await shot(frame, 'link-numbers');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByText('We will make a small deposit to your account.', { exact: false }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  let r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  assert.equal(r.metadata.institution, null);
  assert.deepEqual(r.metadata.accounts.map((a) => [a.mask, a.verification_status]), [['0000', 'pending_manual_verification']]);
  assert.deepEqual(checkEvents(await events(page)).filter((e) => e.startsWith('TRANSITION_VIEW:N')), ['TRANSITION_VIEW:NUMBERS']);
  await page.close();
  const { access_token } = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  await authFails(access_token, 'PRODUCT_NOT_READY');

  ({ page, frame } = await openLink(await linkToken({ access_token, products: undefined })));
  await frame.getByRole('heading', { name: 'Verify your account' }).waitFor();
  await frame.getByLabel('First deposit').fill('0.05');
  await frame.getByLabel('Second deposit').fill('0.02');
  await frame.getByRole('button', { name: 'Verify' }).click();
  await frame.getByText(/2 tries are left/).waitFor();
  await shot(frame, 'link-verify');
  await frame.getByLabel('First deposit').fill('0.10');
  await frame.getByLabel('Second deposit').fill('0.20');
  await frame.getByRole('button', { name: 'Verify' }).click();
  await frame.getByText(/1 try is left/).waitFor();
  await frame.getByLabel('First deposit').fill('0.01');
  await frame.getByLabel('Second deposit').fill('0.02');
  await frame.getByRole('button', { name: 'Verify' }).click();
  await frame.getByText('Your account is verified.').waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.metadata.accounts[0].verification_status, 'manually_verified');
  checkEvents(await events(page));
  const auth = await plaid('/auth/get', { access_token });
  assert.deepEqual([auth.numbers.ach[0].routing, auth.numbers.ach[0].account], ['110000000', '1111222233330000']);
  await page.close();
});

test('instant micro-deposits: Windowpane routing, the deposit entered in the same session', async () => {
  const { page, frame } = await openLink(await linkToken({ auth: { instant_microdeposits_enabled: true } }));
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'Link with account numbers instead' }).click();
  await frame.getByLabel('Routing number').fill('333333334');
  await frame.getByLabel('Account number').fill('1111222233330000');
  await frame.getByLabel('Full name on the account').fill('Alberta Charleson');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Verify your account' }).waitFor(); // no update mode: the deposit is there at once
  await frame.getByLabel("Or the 3-letter code in the deposit's description").fill('abc');
  await frame.getByRole('button', { name: 'Verify' }).click();
  await frame.getByText('Your account is verified.').waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  assert.deepEqual(r.metadata.institution, { name: 'Windowpane Bank', institution_id: 'ins_135858' });
  assert.equal(r.metadata.accounts[0].verification_status, 'manually_verified');
  const evs = checkEvents(await events(page));
  assert.equal(evs.filter((e) => e === 'HANDOFF').length, 1, 'one HANDOFF');
  assert.ok(evs.includes('TRANSITION_VIEW:NUMBERS'));
  const { access_token } = await plaid('/item/public_token/exchange', { public_token: r.public_token });
  assert.equal((await plaid('/item/get', { access_token })).item.auth_method, 'INSTANT_MICRODEPOSITS');
  await page.close();
});
