// Paths plaid-go v20 lacks, through the official plaid-node 47 client:
// /item/products/terminate (with the reason plaid-node adds),
// /signal/schedule, /processor/investments/auth/get and
// /identity/documents/uploads/get, and /transfer/intent/get (plaid-go's
// cannot send its id). A Go test (emulator/node_test.go) starts the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, PlaidApi, ProductsTerminateReasonCode, SignalScheduleDefaultPaymentMethod, TransferIntentCreateMode } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({
  basePath,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'gaps_client', 'PLAID-SECRET': 'gaps_secret' } },
}));

async function item(products) {
  const { data: pt } = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: products });
  const { data } = await client.itemPublicTokenExchange({ public_token: pt.public_token });
  return data.access_token;
}

test('/signal/schedule: today and five banking days, the first banking day optimal', async () => {
  const token = await item(['auth']);
  const { data: accts } = await client.accountsGet({ access_token: token });
  const { data } = await client.signalSchedule({
    access_token: token, account_id: accts.accounts[0].account_id, client_transaction_id: 'node-sched-1', amount: 12.5,
    default_payment_method: SignalScheduleDefaultPaymentMethod.StandardAch,
  });
  assert.equal(data.recommendations.length, 6);
  const ranked = data.recommendations.filter((r) => r.rank != null);
  assert.ok(ranked.length >= 5);
  assert.equal(ranked[0].rank, 1);
  assert.equal(data.optimal_date, ranked[0].date);
  assert.deepEqual(data.warnings, []);
  await assert.rejects(client.signalSchedule({
    access_token: token, account_id: accts.accounts[0].account_id, client_transaction_id: 'node-sched-1', amount: 12.5,
  }), (e) => e.response.data.error_type === 'SIGNAL_ERROR' && e.response.data.error_code === 'CLIENT_TRANSACTION_ID_ALREADY_IN_USE');
});

test('/item/products/terminate: the Item ends, its token with it', async () => {
  const token = await item(['auth']);
  await client.itemProductsTerminate({ access_token: token, reason_code: ProductsTerminateReasonCode.FraudTransaction, reason_note: 'chargebacks' });
  await assert.rejects(client.itemGet({ access_token: token }), (e) => e.response.data.error_code === 'INVALID_ACCESS_TOKEN');
});

test('/processor/investments/auth/get and /identity/documents/uploads/get', async () => {
  const token = await item(['investments']);
  const { data: accts } = await client.accountsGet({ access_token: token });
  const ira = accts.accounts.find((a) => a.name === 'Plaid IRA');
  const { data: pt } = await client.processorTokenCreate({ access_token: token, account_id: ira.account_id, processor: 'drivewealth' });
  const { data: move } = await client.processorInvestmentsAuthGet({ processor_token: pt.processor_token });
  assert.equal(move.account.account_id, ira.account_id);
  assert.equal(move.numbers.acats.length, 1);
  assert.equal(move.numbers.acats[0].account.length, 10);
  assert.equal(move.is_investments_fallback_item, false);
  const { data: docs } = await client.identityDocumentsUploadsGet({ access_token: token });
  assert.equal(docs.accounts.length, accts.accounts.length);
  assert.ok(docs.accounts.every((a) => a.documents === null && a.owners.length > 0));
});

test('/transfer/intent/create and /get: PENDING, then SUCCEEDED once Link confirmed it', async () => {
  const { data: made } = await client.transferIntentCreate({
    mode: TransferIntentCreateMode.Payment, amount: '9.99', description: 'Invoice 7', user: { legal_name: 'Node User' },
  });
  assert.equal(made.transfer_intent.status, 'PENDING');
  const { data: lt } = await client.linkTokenCreate({
    client_name: 'Node', language: 'en', country_codes: ['US'], user: { client_user_id: 'node-user' },
    products: ['transfer'], transfer: { intent_id: made.transfer_intent.id },
  });
  const r = await fetch(basePath + '/_emulator/link/complete', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ link_token: lt.link_token }) });
  assert.equal((await r.json()).metadata.transfer_status, 'complete');
  const { data } = await client.transferIntentGet({ transfer_intent_id: made.transfer_intent.id });
  assert.equal(data.transfer_intent.status, 'SUCCEEDED');
  assert.equal(data.transfer_intent.authorization_decision, 'APPROVED');
  const { data: tr } = await client.transferGet({ transfer_id: data.transfer_intent.transfer_id });
  assert.equal(tr.transfer.amount, '9.99');
});

test('/transfer/return/recover (newer than the spec) and Guarantee repayments', async () => {
  const token = await item(['auth', 'transfer']);
  const { data: accts } = await client.accountsGet({ access_token: token });
  const account_id = accts.accounts[0].account_id;
  const { data: au } = await client.transferAuthorizationCreate({ access_token: token, account_id, type: 'debit', network: 'ach',
    amount: '20.00', ach_class: 'web', user: { legal_name: 'Node User' }, request_guarantee: true });
  assert.equal(au.authorization.guarantee_decision, 'GUARANTEED');
  const { data: tr } = await client.transferCreate({ access_token: token, account_id, authorization_id: au.authorization.id, description: 'g' });
  for (const event_type of ['posted', 'returned']) await client.sandboxTransferSimulate({ transfer_id: tr.transfer.id, event_type });
  const { data: rec } = await client.transferReturnRecover({ transfer_id: tr.transfer.id, amount: '2.00', idempotency_key: 'node-rec-1' });
  assert.ok(rec.request_id);
  await client.sandboxTransferRepaymentSimulate({});
  const { data: reps } = await client.transferRepaymentList({});
  assert.equal(reps.repayments[0].amount, '18.00');
  const { data: rets } = await client.transferRepaymentReturnList({ repayment_id: reps.repayments[0].repayment_id });
  assert.equal(rets.repayment_returns[0].transfer_id, tr.transfer.id);
  await assert.rejects(client.transferReturnRecover({ transfer_id: tr.transfer.id, amount: '18.01', idempotency_key: 'node-rec-2' }),
    (e) => e.response.data.error_code === 'INVALID_FIELD');
});

test('/transfer/diligence/document/upload: a document for an originator, as plaid-node sends it', async () => {
  const { data: o } = await client.transferOriginatorCreate({ company_name: 'Node Rentals' });
  const { data } = await client.transferDiligenceDocumentUpload({ originator_client_id: o.originator_client_id, purpose: 'DUE_DILIGENCE',
    file: 'data:application/pdf;name=charter.pdf;base64,' + Buffer.from('%PDF-1.4\n').toString('base64') });
  assert.ok(data.request_id);
});

test('/auth/verify: Database Auth without Link, by the Sandbox numbers', async () => {
  const { data } = await client.authVerify({ numbers: { ach: { routing: '011401533', account: '1111222233331111' } }, legal_name: 'John Smith' });
  assert.equal(data.verification_status, 'database_insights_pass');
  assert.equal(data.verification_insights.name_match_score, 100);
  assert.ok(data.item_id);
});

test('/credit/sessions/get by user_id, as plaid-node 47 sends it', async () => {
  const { data: u } = await client.userCreate({ client_user_id: 'node-sessions-' + Date.now() });
  const { data } = await client.creditSessionsGet({ user_id: u.user_id });
  assert.deepEqual(data.sessions, []);
});
