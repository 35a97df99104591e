// Plaid's Quickstart in its Consumer Report mode (github.com/plaid/quickstart,
// node/index.js: create_user_token, create_link_token with cra_* products,
// get_base_report and get_income_insights with their polling), written as
// our own test through plaid-node 47: the user links First Platypus Bank as
// user_credit_profile_good in the emulator's Link in Chromium, then the
// server polls the Base Report until it is ready, reads Income Insights and
// both PDFs. Once for a client on the new user API (user_id), once for one
// on the legacy API (user_token, after the identity retry). A Go test
// (emulator/node_test.go) starts the emulator and sets PLAID_EMULATOR_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Configuration, PlaidApi } from 'plaid';
import { emu, openLink, result, events, checkEvents, assertSuccessMetadata, start, stop } from './harness.mjs';

before(async () => {
  // Two Sandbox clients: the harness's, on the new user API, and one on the legacy API.
  const r = await fetch(emu + '/_emulator/fixtures?name=cra-clients.yaml', { method: 'POST',
    body: 'clients:\n  - {client_id: browser_client, secret: browser_secret}\n  - {client_id: legacy_client, secret: legacy_secret, user_api: legacy}\n' });
  assert.equal(r.status, 200, await r.text());
  await start();
});
after(stop);

const PLAID_PRODUCTS = ['cra_base_report', 'cra_income_insights'];

// quickstart is the Quickstart server's state and calls for one client.
function quickstart(clientId, secret) {
  const client = new PlaidApi(new Configuration({ basePath: emu,
    baseOptions: { headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret, 'Plaid-Version': '2020-09-14' } } }));
  let USER_TOKEN = null, USER_ID = null;
  const pollWithRetries = async (requestCallback, ms = 1000, retriesLeft = 20) => {
    try { return await requestCallback(); } catch (error) {
      const isRetryable = error?.response?.data?.error_code === 'PRODUCT_NOT_READY' || (error?.response?.status >= 500);
      if (!isRetryable || retriesLeft === 1) throw error;
      await new Promise((ok) => setTimeout(ok, ms));
      return pollWithRetries(requestCallback, ms, retriesLeft - 1);
    }
  };
  const who = () => (USER_TOKEN ? { user_token: USER_TOKEN } : { user_id: USER_ID });
  return {
    async createUserToken() {
      const userRequest = { client_user_id: 'user_' + randomUUID(), identity: { name: { given_name: 'Harry', family_name: 'Potter' },
        date_of_birth: '1980-07-31', phone_numbers: [{ data: '+16174567890', primary: true }], emails: [{ data: 'harrypotter@example.com', primary: true }],
        addresses: [{ street_1: '4 Privet Drive', city: 'New York', region: 'NY', postal_code: '11111', country: 'US', primary: true }] } };
      let user;
      try { user = await client.userCreate(userRequest); } catch (error) {
        assert.equal(error.response?.data?.error_code, 'INVALID_FIELD');
        delete userRequest.identity;
        userRequest.consumer_report_user_identity = { date_of_birth: '1980-07-31', first_name: 'Harry', last_name: 'Potter',
          phone_numbers: ['+16174567890'], emails: ['harrypotter@example.com'],
          primary_address: { city: 'New York', region: 'NY', street: '4 Privet Drive', postal_code: '11111', country: 'US' } };
        user = await client.userCreate(userRequest);
      }
      if (user.data.user_token) USER_TOKEN = user.data.user_token;
      if (user.data.user_id) USER_ID = user.data.user_id;
      return user.data;
    },
    async createLinkToken() {
      const configs = { user: { client_user_id: 'user-id' }, client_name: 'Plaid Quickstart', products: PLAID_PRODUCTS, country_codes: ['US'], language: 'en' };
      if (USER_TOKEN) configs.user_token = USER_TOKEN; else { configs.user_id = USER_ID; delete configs.user; }
      configs.cra_options = { days_requested: 60 };
      configs.consumer_report_permissible_purpose = 'ACCOUNT_REVIEW_CREDIT';
      return (await client.linkTokenCreate(configs)).data.link_token;
    },
    async getBaseReport() {
      const getResponse = await pollWithRetries(() => client.craCheckReportBaseReportGet(who()));
      const pdfResponse = await client.craCheckReportPdfGet(who(), { responseType: 'arraybuffer' });
      return { report: getResponse.data.report, pdf: Buffer.from(pdfResponse.data) };
    },
    async getIncomeInsights() {
      const getResponse = await pollWithRetries(() => client.craCheckReportIncomeInsightsGet(who()));
      const pdfResponse = await client.craCheckReportPdfGet({ ...who(), add_ons: ['cra_income_insights'] }, { responseType: 'arraybuffer' });
      return { report: getResponse.data.report, pdf: Buffer.from(pdfResponse.data) };
    },
  };
}

for (const [regime, id, secret] of [['new', 'browser_client', 'browser_secret'], ['legacy', 'legacy_client', 'legacy_secret']]) {
  test(`the Quickstart's Consumer Report flow, ${regime} user API: Link as user_credit_profile_good, the base report, income insights`, async () => {
    const qs = quickstart(id, secret);
    const user = await qs.createUserToken();
    assert.ok(regime === 'new' ? user.user_id.startsWith('usr_') && !user.user_token : user.user_token.startsWith('user-sandbox-'));
    const { page, frame } = await openLink(await qs.createLinkToken());
    await frame.getByRole('heading', { name: 'Plaid Quickstart uses Plaid to connect your account' }).waitFor();
    await frame.getByRole('button', { name: 'Continue' }).click();
    await frame.getByRole('button', { name: 'First Platypus Bank' }).click();
    await frame.getByLabel('Username').fill('user_credit_profile_good');
    await frame.getByLabel('Password').fill('pass_good');
    await frame.getByRole('button', { name: 'Submit' }).click();
    await frame.getByRole('heading', { name: 'Select account(s)' }).waitFor();
    await frame.getByRole('button', { name: 'Continue' }).click();
    await frame.getByRole('heading', { name: 'Success' }).waitFor();
    await frame.getByRole('button', { name: 'Continue' }).click();
    const r = await result(page);
    assert.equal(r.kind, 'success');
    assertSuccessMetadata(r.metadata);
    checkEvents(await events(page));
    await page.close();

    const base = await qs.getBaseReport(); // polls while the report is generating
    assert.equal(base.report.days_requested, 180, 'Plaid reads at least 180 days');
    assert.equal(base.report.items.length, 1);
    assert.equal(base.report.items[0].institution_id, 'ins_109508');
    assert.ok(base.report.items[0].accounts.some((a) => a.transactions.length > 0));
    assert.equal(base.pdf.subarray(0, 5).toString(), '%PDF-');
    const insights = await qs.getIncomeInsights();
    const categories = insights.report.income_streams.map((s) => `${s.insights.income_category.primary}.${s.insights.income_category.secondary}`);
    assert.deepEqual([...new Set(categories)], ['EARNED_INCOME.GIG_ECONOMY']);
    assert.equal(insights.report.income_streams.length, 3);
    assert.equal(insights.pdf.subarray(0, 5).toString(), '%PDF-');
  });
}
