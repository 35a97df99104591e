// Plaid's Income sample (github.com/plaid/income-sample), written as our own
// test the same way: its server's calls through plaid-node 47 (server.js:
// fetchOrCreateUserToken, generate_link_token, income_was_successful,
// get_bank_income, get_payroll_income, simulate_precheck, the webhook
// receiver), its page opening Link with the token (LinkLauncher.tsx), and
// the user going through the emulator's Link in Chromium: Bank Income as
// user_bank_income, then a payroll login (test-good, SSN 1234), then pay
// stubs and, beyond the sample, the employment. Only the base URL and the
// Link script point at the emulator. A Go test (emulator/node_test.go)
// starts the emulator and sets PLAID_EMULATOR_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Configuration, PlaidApi } from 'plaid';
import { emu, openLink, result, events, shot, checkEvents, assertSuccessMetadata, start, stop } from './harness.mjs';

// The sample's Plaid client, with the emulator as its base URL.
const plaidClient = new PlaidApi(new Configuration({
  basePath: emu,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'browser_client', 'PLAID-SECRET': 'browser_secret', 'Plaid-Version': '2020-09-14' } },
}));

// The sample's webhook receiver (port 8001 there), on loopback.
const webhooks = [];
let receiver, webhookUrl;
before(async () => {
  // The sample keeps a user_token: its Sandbox client is on the legacy user
  // API, as every client was before December 2025. Here that is a fixture.
  const r = await fetch(emu + '/_emulator/fixtures?name=income-client.yaml', {
    method: 'POST', body: 'clients:\n  - {client_id: browser_client, secret: browser_secret, user_api: legacy}\n' });
  assert.equal(r.status, 200, await r.text());
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { webhooks.push(JSON.parse(body)); res.end('{"status":"received"}'); });
  });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  webhookUrl = `http://127.0.0.1:${receiver.address().port}/server/receive_webhook`;
  await start();
});
after(async () => { await stop(); receiver?.close(); });

// userRecord is the sample's user_data.json.
const userRecord = { incomeUserToken: null, plaidWebhookUserId: null, incomeConnected: false };
async function fetchOrCreateUserToken() {
  if (userRecord.incomeUserToken) return userRecord.incomeUserToken;
  const response = await plaidClient.userCreate({ client_user_id: 'user_' + randomUUID() });
  userRecord.incomeUserToken = response.data.user_token;
  userRecord.plaidWebhookUserId = response.data.user_id;
  return response.data.user_token;
}

// generate_link_token with { income: true, incomeType }.
async function generateIncomeLinkToken(incomeType) {
  const userToken = await fetchOrCreateUserToken();
  const income_verification_object = incomeType === 'payroll'
    ? { income_source_types: ['payroll'] }
    : { income_source_types: ['bank'], bank_income: { days_requested: 60 } };
  const response = await plaidClient.linkTokenCreate({
    user: { client_user_id: 'testUser' }, client_name: "Todd's Hoverboards", language: 'en', products: ['income_verification'],
    country_codes: ['US'], user_token: userToken, webhook: webhookUrl, income_verification: income_verification_object,
  });
  return response.data.link_token;
}

async function waitFor(what, cond) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const got = cond();
    if (got) return got;
    assert.ok(Date.now() < deadline, `${what} within 10 s`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

test('the Income sample: bank income as user_bank_income, then payroll income and employment from a payroll login', async () => {
  // Bank Income: Link with the bank income token; onSuccess only records it.
  const bankToken = await generateIncomeLinkToken('bank');
  let { page, frame } = await openLink(bankToken);
  await frame.getByRole('heading', { name: "Todd's Hoverboards uses Plaid to connect your account" }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  assert.equal(await frame.getByRole('button', { name: 'ADP' }).count(), 0, 'bank income offers banks, not payroll providers');
  await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
  await frame.getByLabel('Username').fill('user_bank_income');
  await frame.getByLabel('Password').fill('{}');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  let r = await result(page);
  assert.equal(r.kind, 'success');
  assertSuccessMetadata(r.metadata);
  checkEvents(await events(page));
  userRecord.incomeConnected = true; // income_was_successful: no exchange
  await page.close();

  // get_bank_income
  const bank = (await plaidClient.creditBankIncomeGet({ user_token: userRecord.incomeUserToken, options: { count: 3 } })).data;
  assert.equal(bank.bank_income.length, 1);
  const report = bank.bank_income[0];
  assert.equal(report.days_requested, 60);
  assert.equal(report.items[0].institution_id, 'ins_109508');
  const sources = Object.fromEntries(report.items[0].bank_income_sources.map((s) => [s.income_description, s.income_category]));
  assert.equal(sources['PLAID PAYROLL DIRECT DEP'], 'SALARY');
  assert.equal(sources['UBER DRIVER PAYOUT'], 'GIG_ECONOMY');
  assert.ok(report.bank_income_summary.total_amounts[0].amount > 0);

  // simulate_precheck, as the sample's button does for HIGH.
  const pre = (await plaidClient.creditPayrollIncomePrecheck({ user_token: userRecord.incomeUserToken, employer: { name: 'employer_good' } })).data;
  assert.equal(pre.confidence, 'HIGH');

  // Payroll Income: a payroll provider, test-good / test, the SSN's last four.
  const payrollToken = await generateIncomeLinkToken('payroll');
  ({ page, frame } = await openLink(payrollToken));
  await frame.getByRole('button', { name: 'Continue' }).click();
  assert.equal(await frame.getByRole('button', { name: 'First Platypus Bank' }).count(), 0, 'payroll income offers payroll providers');
  await frame.getByRole('button', { name: 'ADP' }).click();
  await frame.getByRole('heading', { name: 'Log in to ADP' }).waitFor();
  await frame.getByLabel('Username').fill('test-good');
  await frame.getByLabel('Password').fill('test');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByLabel('Last 4 digits of your Social Security number').fill('1234');
  await shot(frame, 'link-income-ssn');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  r = await result(page);
  assert.equal(r.kind, 'success');
  assert.equal(r.metadata.institution.name, 'ADP');
  await page.close();

  // The sample's webhook handler: INCOME_VERIFICATION for its webhook user id.
  const hook = await waitFor('INCOME_VERIFICATION', () => webhooks.find((w) => w.webhook_code === 'INCOME_VERIFICATION'));
  assert.equal(hook.webhook_type, 'INCOME');
  assert.equal(hook.verification_status, 'VERIFICATION_STATUS_PROCESSING_COMPLETE');
  assert.equal(hook.user_id, userRecord.plaidWebhookUserId);

  // get_payroll_income
  const payroll = (await plaidClient.creditPayrollIncomeGet({ user_token: userRecord.incomeUserToken })).data;
  assert.equal(payroll.items.length, 1);
  assert.equal(payroll.items[0].institution_name, 'ADP');
  const stubs = payroll.items[0].payroll_income[0].pay_stubs;
  assert.equal(stubs.length, 2);
  assert.equal(stubs[0].employer.name, 'Heartland Toy Company');
  assert.ok(stubs[0].net_pay.current_amount > 0 && stubs[0].net_pay.current_amount < stubs[0].pay_period_details.gross_earnings);
  const zip = await fetch(stubs[0].document_metadata.download_url);
  assert.equal(zip.status, 200);
  assert.equal(zip.headers.get('content-type'), 'application/zip');

  // Beyond the sample: the employment behind the pay stubs.
  const emp = (await plaidClient.creditEmploymentGet({ user_token: userRecord.incomeUserToken })).data;
  assert.equal(emp.items[0].employments[0].employer.name, 'Heartland Toy Company');
  assert.equal(emp.items[0].employments[0].status, 'ACTIVE');
});

test('the new user API through plaid-node 47: user_id everywhere, USER_INCOME_VERIFICATION', async () => {
  const made = await fetch(emu + '/user/create', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Plaid-New-User-API-Enabled': 'true',
    'PLAID-CLIENT-ID': 'browser_client', 'PLAID-SECRET': 'browser_secret' }, body: JSON.stringify({ client_user_id: 'new-api-user' }) });
  const { user_id } = await made.json();
  assert.match(user_id, /^usr_/);
  const { public_token } = (await plaidClient.sandboxPublicTokenCreate({ institution_id: 'ins_135842', initial_products: ['income_verification'],
    user_id, options: { override_username: 'test-good', override_password: 'test', webhook: webhookUrl,
      income_verification: { income_source_types: ['payroll'] } } })).data;
  assert.ok(public_token);
  const hook = await waitFor('USER_INCOME_VERIFICATION', () => webhooks.find((w) => w.webhook_code === 'USER_INCOME_VERIFICATION'));
  assert.equal(hook.user_id, user_id);
  const payroll = (await plaidClient.creditPayrollIncomeGet({ user_id })).data;
  assert.equal(payroll.items[0].institution_id, 'ins_135842');
  const emp = (await plaidClient.creditEmploymentGet({ user_id })).data;
  assert.equal(emp.items[0].employments[0].title, 'Software Engineer');
  const { sessions } = (await plaidClient.creditSessionsGet({ user_id })).data;
  assert.deepEqual(sessions, [], 'no Link session for an Item made without Link');
});

test('Document Income in the Link page: files uploaded, a JSON customization scripting one, read back as pay stubs with risk signals', async () => {
  const userToken = await fetchOrCreateUserToken();
  const token = (await plaidClient.linkTokenCreate({ user: { client_user_id: 'testUser' }, client_name: "Todd's Hoverboards", language: 'en',
    products: ['income_verification'], country_codes: ['US'], user_token: userToken, webhook: webhookUrl,
    income_verification: { income_source_types: ['payroll'], payroll_income: { flow_types: ['payroll_document_income'], parsing_config: ['ocr', 'risk_signals'] } } })).data.link_token;
  const { page, frame } = await openLink(token);
  await frame.getByRole('button', { name: 'Continue' }).click();
  await frame.getByRole('heading', { name: 'Upload your income documents' }).waitFor();
  const custom = { paystub: {}, ocr_status: 'SUCCESS', risk_signals_status: 'SUCCESS', risk_score: 82,
    single_document_risk_signals: [{ type: 'FONT', field: 'net_pay', has_fraud_risk: true, signal_description: 'two fonts in one amount', page_number: 1 }] };
  await frame.getByLabel('Documents').setInputFiles([
    { name: 'paystub.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(custom)) },
    { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }]);
  await shot(frame, 'link-income-documents');
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('heading', { name: 'Success' }).waitFor();
  await frame.getByRole('button', { name: 'Continue' }).click();
  const r = await result(page);
  assert.equal(r.kind, 'success');
  const seq = checkEvents(await events(page));
  assert.deepEqual(seq.filter((s) => s.includes('DOCUMENTS')), ['TRANSITION_VIEW:UPLOAD_DOCUMENTS', 'SUBMIT_DOCUMENTS', 'SUBMIT_DOCUMENTS_SUCCESS']);
  await page.close();

  await waitFor('INCOME_VERIFICATION_RISK_SIGNALS', () => webhooks.find((w) => w.webhook_code === 'INCOME_VERIFICATION_RISK_SIGNALS'));
  const items = (await plaidClient.creditPayrollIncomeGet({ user_token: userToken })).data.items;
  const docItem = items.find((i) => i.payroll_income[0].pay_stubs.some((s) => s.document_metadata.name === 'paystub.json'));
  assert.ok(docItem, 'the uploaded pay stubs are read back');
  assert.deepEqual(docItem.payroll_income[0].pay_stubs.map((s) => s.document_metadata.name), ['paystub.json', 'scan.png']);
  const signals = (await plaidClient.creditPayrollIncomeRiskSignalsGet({ user_token: userToken })).data.items
    .find((i) => i.item_id === docItem.item_id).verification_risk_signals[0].single_document_risk_signals;
  assert.equal(signals[0].risk_summary.risk_score, 82);
  assert.equal(signals[0].risk_signals[0].type, 'FONT');
  assert.equal(signals[1].risk_signals.length, 0);
});
