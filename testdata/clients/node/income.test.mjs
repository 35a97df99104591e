// Income for a user of the new user API (usr_ ids), through plaid-node 47,
// which names users by user_id where plaid-go v20 knows only user_token:
// Bank Income and its PDF, the Link sessions, Payroll Income with its
// parsing config, refresh and uploads, the USER_ webhook codes, and
// /sandbox/user/fire_webhook (which plaid-go lacks). A Go test
// (emulator/node_test.go) starts the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({
  basePath, baseOptions: { headers: { 'PLAID-CLIENT-ID': 'income_client', 'PLAID-SECRET': 'income_secret' } },
}));

async function receiver() {
  const got = [];
  const srv = http.createServer((req, res) => { let b = ''; req.on('data', (c) => { b += c; }); req.on('end', () => { got.push(JSON.parse(b)); res.end('ok'); }); });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const wait = async (code) => {
    for (let i = 0; i < 400; i++) {
      const w = got.find((x) => x.webhook_code === code);
      if (w) return w;
      await new Promise((ok) => setTimeout(ok, 25));
    }
    assert.fail(`no ${code} webhook within 10 s`);
  };
  return { url: `http://127.0.0.1:${srv.address().port}/hook`, wait, close: () => srv.close() };
}

test('a new-API user: bank and payroll income by user_id, USER_ webhooks, sessions', async () => {
  const hooks = await receiver();
  const { data: made } = await client.userCreate({ client_user_id: 'node-income' });
  const user_id = made.user_id;
  assert.match(user_id, /^usr_/);
  await client.sandboxPublicTokenCreate({ institution_id: 'ins_20', initial_products: ['income_verification'], user_id,
    options: { override_username: 'user_bank_income', override_password: '{}', income_verification: { income_source_types: ['bank'], bank_income: { days_requested: 120 } } } });
  const { data: bank } = await client.creditBankIncomeGet({ user_id, options: { count: 2 } });
  assert.equal(bank.bank_income.length, 1);
  assert.equal(bank.bank_income[0].days_requested, 120);
  assert.ok(bank.bank_income[0].bank_income_summary.income_sources_count >= 6);
  const pdf = await client.creditBankIncomePdfGet({ user_id }, { responseType: 'arraybuffer' });
  assert.equal(Buffer.from(pdf.data).subarray(0, 5).toString(), '%PDF-');

  const { data: pt } = await client.sandboxPublicTokenCreate({ institution_id: 'ins_135842', initial_products: ['income_verification'], user_id,
    options: { override_username: 'test-good', override_password: 'test', webhook: hooks.url, income_verification: { income_source_types: ['payroll'] } } });
  assert.ok(pt.public_token);
  const hook = await hooks.wait('USER_INCOME_VERIFICATION');
  assert.equal(hook.user_id, user_id);
  const { data: payroll } = await client.creditPayrollIncomeGet({ user_id });
  assert.equal(payroll.items[0].payroll_income[0].pay_stubs.length, 2);
  await client.creditPayrollIncomeParsingConfigUpdate({ user_id, parsing_config: ['ocr', 'risk_signals'] });
  const { data: refresh } = await client.creditPayrollIncomeRefresh({ user_id });
  assert.equal(refresh.verification_refresh_status, 'SUCCESSFUL');
  const { data: uploads } = await client.creditBankStatementsUploadsGet({ user_id });
  assert.deepEqual(uploads.items, []);
  const { data: emp } = await client.creditEmploymentGet({ user_id });
  assert.equal(emp.items[0].employments[0].employee_type, 'FULL_TIME');
  await client.sandboxIncomeFireWebhook({ item_id: payroll.items[0].item_id, user_id, webhook: hooks.url, webhook_code: 'USER_INCOME_VERIFICATION_RISK_SIGNALS' });
  assert.equal((await hooks.wait('USER_INCOME_VERIFICATION_RISK_SIGNALS')).item_id, payroll.items[0].item_id);

  const { data: fired } = await client.sandboxUserFireWebhook({ user_id, webhook_type: 'CHECK_REPORT', webhook_code: 'USER_CHECK_REPORT_READY', webhook: hooks.url });
  assert.equal(fired.webhook_fired, true);
  const ready = await hooks.wait('USER_CHECK_REPORT_READY');
  assert.equal(ready.user_id, user_id);
  assert.equal(ready.item_ids.length, 2);

  await assert.rejects(client.creditBankIncomeGet({ user_id: 'usr_nobody00000000' }),
    (e) => e.response.data.error_type === 'USER_ERROR' && e.response.data.error_code === 'USER_NOT_FOUND');
  hooks.close();
});
