// Consumer Report (Plaid Check) through plaid-node 47, every /cra/ path
// and the older routes, for a user of the new user API and a legacy one:
// each method's request as plaid-node builds it, and its response as it
// reads it. A Go test (emulator/node_test.go) starts the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const headers = { 'PLAID-CLIENT-ID': 'cra_client', 'PLAID-SECRET': 'cra_secret' };
const client = new PlaidApi(new Configuration({ basePath, baseOptions: { headers } }));
const legacy = new PlaidApi(new Configuration({ basePath, baseOptions: { headers: { ...headers, 'Plaid-New-User-API-Enabled': 'false' } } }));

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

// ready retries a read while the report generates (PRODUCT_NOT_READY), as Quickstart does.
async function ready(read) {
  for (let i = 0; i < 80; i++) {
    try {
      return await read();
    } catch (err) {
      if (err.response?.data?.error_code !== 'PRODUCT_NOT_READY') throw err;
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
  assert.fail('the report was not ready within 20 s');
}

const isPDF = (res) => Buffer.from(res.data).subarray(0, 5).toString() === '%PDF-';

test('a new-API user: every check report read, Home Lending, partners, monitoring, loans, servicing', async () => {
  const hooks = await receiver();
  const { data: made } = await client.userCreate({ client_user_id: 'node-cra' });
  const user_id = made.user_id;
  await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: ['cra_base_report'], user_id,
    options: { override_username: 'user_credit_profile_good', override_password: 'x' } });
  await client.craCheckReportCreate({ user_id, webhook: hooks.url, days_requested: 365, consumer_report_permissible_purpose: 'EXTENSION_OF_CREDIT',
    products: ['cra_income_insights', 'cra_partner_insights'] });
  const { data: base } = await ready(() => client.craCheckReportBaseReportGet({ user_id }));
  assert.equal((await hooks.wait('USER_CHECK_REPORT_READY')).user_id, user_id);
  const report_id = base.report.report_id;
  assert.equal(base.report.items.length, 1);
  const { data: pinned } = await client.craCheckReportBaseReportGet({ user_id, report_id, consumer_report_permissible_purpose: 'ACCOUNT_REVIEW_CREDIT' });
  assert.equal(pinned.report.report_id, report_id);
  const { data: ins } = await client.craCheckReportIncomeInsightsGet({ user_id, options: { income_insights_version: 'II2' } });
  assert.ok(ins.report.income_streams.length >= 3);
  const { data: ls } = await client.craCheckReportLendScoreGet({ user_id });
  assert.ok(ls.report.lend_score.score >= 1 && ls.report.lend_score.score <= 99);
  const { data: ni } = await client.craCheckReportNetworkInsightsGet({ user_id });
  assert.equal(ni.report.items.length, 1);
  const { data: cf } = await client.craCheckReportCashflowInsightsGet({ user_id });
  assert.equal(cf.report.attributes.total_inflow_amount, base.report.attributes.total_inflow_amount.amount);
  const { data: pi } = await client.craCheckReportPartnerInsightsGet({ user_id, partner_insights: { prism_versions: { cashscore: '4' },
    fico: { fico_lender_id: 'lender', lender_application_id: 'app-1', ultrafico_score_requests: [{ ultrafico_score_version: '1.0',
      base_fico_score: { bureau: 'EQUIFAX', score: 700, base_fico_score_version: '8' } }] } } });
  assert.ok(pi.report.prism.cash_score.score > 0);
  assert.ok(pi.report.fico.ultrafico_score_results[0].ultrafico_score.score >= 300);
  assert.ok(isPDF(await client.craCheckReportPdfGet({ user_id, add_ons: ['cra_income_insights'] }, { responseType: 'arraybuffer' })));
  const { data: ver } = await client.craCheckReportVerificationGet({ user_id, reports_requested: ['VOA', 'EMPLOYMENT_REFRESH', 'INCOME'],
    employment_refresh_options: { days_requested: 90 } });
  assert.equal(ver.report.report_id, report_id);
  assert.equal(ver.report.voa.items[0].accounts[0].balances.historical_balances.length, 90);
  assert.ok(isPDF(await client.craCheckReportVerificationPdfGet({ user_id, reports_requested: ['voa', 'income'] }, { responseType: 'arraybuffer' })));

  const { data: sub } = await client.craMonitoringInsightsSubscribe({ user_id, webhook: hooks.url });
  await client.sandboxCraCashflowUpdatesUpdate({ user_id, webhook_codes: ['LARGE_DEPOSIT_DETECTED'] });
  await hooks.wait('CASH_FLOW_INSIGHTS_UPDATED');
  const { data: mon } = await client.craMonitoringInsightsGet({ user_id, consumer_report_permissible_purpose: 'ACCOUNT_REVIEW_CREDIT' });
  assert.equal(mon.items[0].status.status_code, 'AVAILABLE');
  await client.craMonitoringInsightsUnsubscribe({ subscription_id: sub.subscription_id });

  await client.craLoansRegister({ loans: [{ user_token: user_id, loan_id: 'node-loan-1', type: 'AUTO', payment_schedule: 'MONTHLY',
    opened_date: '2026-01-15', opened_with_status: { status: 'BOOKED', date: '2026-01-15' }, loan_amount: 18000 }] });
  await client.craLoansUpdate({ loans: [{ loan_id: 'node-loan-1', payment_history: [{ period: 1, due_date: '2026-02-15', days_past_due: 0 }] }] });
  await client.craLoansApplicationsRegister({ applications: [{ user_token: user_id, application_id: 'node-app-1', type: 'AUTO', decision: 'APPROVED' }] });
  await client.craLoansUnregister({ loans: [{ loan_id: 'node-loan-1', closed_with_status: { status: 'PAID_OFF', date: '2026-06-01' } }] });
  const { data: prof } = await client.craCreditProfileReportGet({ user_id, consumer_report_permissible_purpose: 'EXTENSION_OF_CREDIT',
    client_report_id: 'node-profile', report_type: 'QUALIFY', inquiry_type: 'SOFT_INQUIRY', version: 'v1' });
  assert.equal(prof.report.network_insights_attributes.plaid_conn_user_lifetime_lending_count, 1);

  const { data: news } = await client.craReportGet({ user_id, decision_stage: 'DECISIONING', consumer_report_permissible_purpose: 'EXTENSION_OF_CREDIT',
    products: [{ product: 'cra_qualify', version: 'V1' }, { product: 'cra_home_lending', version: 'V1' }] });
  assert.equal(news.report.products[0].attributes.lend_score, ls.report.lend_score.score);
  const { data: s } = await client.craServicingSubscriptionCreate({ user_id, scope: 'CLIENT_USER', webhook: hooks.url,
    products: [{ product: 'cra_income_insights', version: 'V1' }] });
  assert.match(s.subscription_id, /^cra-sub-sandbox-/);
  const { data: sim } = await client.sandboxCraServicingSimulate({ subscription_id: s.subscription_id });
  assert.equal((await hooks.wait('CRA_REPORT_UPDATED')).report_id, sim.report_id);
  await client.craServicingSubscriptionUpdate({ subscription_id: s.subscription_id, reset_fields: ['webhook'] });
  const { data: got } = await client.craServicingSubscriptionGet({ subscription_id: s.subscription_id });
  assert.equal(got.subscription.webhook, null);
  assert.equal((await client.craServicingSubscriptionList({ user_id })).data.subscriptions.length, 1);
  await client.craServicingSubscriptionDelete({ subscription_id: s.subscription_id });
  hooks.close();
});

test('a legacy user: CHECK_REPORT_READY, the older partner insights and PDF routes', async () => {
  const hooks = await receiver();
  const { data: made } = await legacy.userCreate({ client_user_id: 'node-cra-legacy' });
  const user_token = made.user_token;
  assert.ok(user_token);
  await legacy.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: ['cra_base_report'], user_token,
    options: { override_username: 'user_credit_profile_excellent', override_password: 'x' } });
  await legacy.craCheckReportCreate({ user_token, webhook: hooks.url, days_requested: 180, consumer_report_permissible_purpose: 'ACCOUNT_REVIEW_CREDIT' });
  await hooks.wait('CHECK_REPORT_READY');
  const { data: pi } = await legacy.craPartnerInsightsGet({ user_token });
  assert.equal(pi.report.length, 1);
  assert.ok(isPDF(await legacy.consumerReportPdfGet({ user_token }, { responseType: 'arraybuffer' })));
  hooks.close();
});
