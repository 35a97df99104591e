// Transfer UI in a real browser, written the way Plaid's Transfer
// quickstart pays a bill (server/routes/payments.js, public/js/make-payment.js):
// the server makes an intent and a link token that carries it, the page
// opens Link, and on onSuccess the server reads the intent (and, when the
// user linked a new bank, the transfer for its account). A Go test
// (emulator/node_test.go) starts the emulator and sets PLAID_EMULATOR_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { plaid, linkToken, openLink, result, events, shot, checkEvents, assertSuccessMetadata, start, stop } from './harness.mjs';

before(start);
after(stop);

// initiate is the quickstart's POST /server/payments/initiate.
async function initiate(amount, accountId, accessToken) {
  const intent = { mode: 'PAYMENT', user: { legal_name: 'Anne Charleston' }, amount, description: 'BillPay', ach_class: 'ppd',
    iso_currency_code: 'USD', network: 'same-day-ach', metadata: { bill_id: 'bill-42' } };
  if (accountId) intent.account_id = accountId;
  const { transfer_intent } = await plaid('/transfer/intent/create', intent);
  assert.equal(transfer_intent.status, 'PENDING');
  const lt = { user: { client_user_id: 'user-1', legal_name: 'Anne Charleston' }, products: ['transfer'],
    transfer: { intent_id: transfer_intent.id }, client_name: 'Pay My Utility Bill', webhook: 'http://127.0.0.1:9/hook' };
  if (accessToken) lt.access_token = accessToken;
  return { intentId: transfer_intent.id, token: await linkToken(lt) };
}

// complete is the quickstart's POST /server/payments/transfer_ui_complete.
async function complete(intentId) {
  const { transfer_intent: got } = await plaid('/transfer/intent/get', { transfer_intent_id: intentId });
  let accountId = got.account_id;
  if (accountId == null && got.transfer_id) accountId = (await plaid('/transfer/get', { transfer_id: got.transfer_id })).transfer.account_id;
  return { intent: got, accountId };
}

test('a new bank: log in, one account, review, authorize; the intent SUCCEEDED with a pending transfer from that account', async () => {
  const { intentId, token } = await initiate('25.00');
  const { page, frame } = await openLink(token);
  await frame.getByRole('heading', { name: 'Pay My Utility Bill uses Plaid to connect your account' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
  await frame.getByLabel('Username').fill('user_good');
  await frame.getByLabel('Password').fill('pass_good');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  assert.equal(await frame.getByRole('checkbox').count(), 0, 'Transfer UI shares one account');
  await frame.getByRole('radio', { name: /Plaid Checking/ }).check();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Review your payment' }).waitFor();
  assert.equal(await frame.locator('#transfer-amount').textContent(), '$25.00');
  assert.match(await frame.locator('#transfer-account').textContent(), /^Plaid Checking · Checking ••0000$/);
  await shot(frame, 'link-transfer');
  assert.equal((await complete(intentId)).intent.status, 'PENDING', 'nothing is paid before Authorize');
  await frame.getByRole('button', { name: 'Authorize' }).click();
  await frame.getByText('Payment authorized: $25.00 with Pay My Utility Bill.').waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.metadata.transfer_status, 'complete');
  const { transfer_status, ...rest } = r.metadata; // react-plaid-link's types predate transfer_status
  assertSuccessMetadata(rest);
  checkEvents(await events(page));

  await plaid('/item/public_token/exchange', { public_token: r.public_token }); // the quickstart's exchange of a new bank
  const { intent, accountId } = await complete(intentId);
  assert.equal(intent.status, 'SUCCEEDED');
  assert.equal(intent.authorization_decision, 'APPROVED');
  assert.equal(intent.account_id, null, 'the intent keeps the app\'s null; the transfer has the account');
  assert.equal(accountId, r.metadata.accounts[0].id);
  const { transfer } = await plaid('/transfer/get', { transfer_id: intent.transfer_id });
  assert.deepEqual([transfer.status, transfer.amount, transfer.type, transfer.description, transfer.metadata.bill_id],
    ['pending', '25.00', 'debit', 'BillPay', 'bill-42']);
  const { transfer_events } = await plaid('/transfer/event/sync', { after_id: 0 });
  assert.deepEqual(transfer_events.filter((e) => e.transfer_id === intent.transfer_id).map((e) => e.event_type), ['pending']);
  await page.close();
});

test('a linked bank: straight to the review; declined twice for funds, then the user leaves with the intent PENDING', async () => {
  const { public_token } = await plaid('/sandbox/public_token/create', { institution_id: 'ins_109508', initial_products: ['auth', 'transfer'] });
  const { access_token } = await plaid('/item/public_token/exchange', { public_token });
  const checking = (await plaid('/accounts/get', { access_token })).accounts.find((a) => a.name === 'Plaid Checking');
  const { intentId, token } = await initiate('5000.00', checking.account_id, access_token);
  const { page, frame } = await openLink(token);
  await frame.getByRole('heading', { name: 'Review your payment' }).waitFor(); // no consent, bank or login
  assert.equal(await frame.locator('#transfer-amount').textContent(), '$5,000.00');
  await frame.getByRole('button', { name: 'Authorize' }).click();
  await frame.getByText(/declined the payment: .*insufficient funds.*2 tries are left/).waitFor();
  await shot(frame, 'link-transfer-declined');
  await frame.getByRole('button', { name: 'Try again' }).click();
  await frame.getByText(/1 try is left/).waitFor();
  await frame.getByRole('button', { name: 'Continue without paying' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.metadata.transfer_status, 'incomplete');
  const { intent } = await complete(intentId);
  assert.deepEqual([intent.status, intent.authorization_decision, intent.authorization_decision_rationale.code, intent.transfer_id],
    ['PENDING', 'DECLINED', 'NSF', null]);
  const seq = checkEvents(await events(page));
  assert.deepEqual(seq.slice(0, 1), ['OPEN']);
  await page.close();
});
