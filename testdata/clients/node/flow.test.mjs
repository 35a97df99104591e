// The core flow through the official plaid-node client. A Go test
// (emulator/node_test.go) starts the emulator and sets PLAID_EMULATOR_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');

const client = new PlaidApi(new Configuration({
  basePath,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'node_client', 'PLAID-SECRET': 'node_secret' } },
}));

// untilReady waits, up to 15 s, for an Item's whole history: the
// binary's default first-sync path makes it ready a second or two after
// the Item is made (the library's default: at once). It waits on the
// emulator's webhook long poll between tries, not on a timer.
async function untilReady(access_token) {
  const deadline = Date.now() + 15000;
  for (let i = 0; ; i++) {
    const { data } = await client.transactionsSync({ access_token, count: 1 });
    if (data.transactions_update_status === 'HISTORICAL_UPDATE_COMPLETE') return i;
    assert.ok(Date.now() < deadline, `never ready: ${data.transactions_update_status}`);
    await fetch(`${basePath}/_emulator/webhooks?webhook_code=NONE&wait=100ms`).then((r) => r.arrayBuffer());
  }
}

test('link token → public token → exchange → products → reset_login', async () => {
  const lt = await client.linkTokenCreate({
    client_name: 'Acme', language: 'en', country_codes: ['US'],
    user: { client_user_id: 'user-1' }, products: ['auth'],
  });
  assert.match(lt.data.link_token, /^link-sandbox-/);
  const got = await client.linkTokenGet({ link_token: lt.data.link_token });
  assert.deepEqual(got.data.metadata.initial_products, ['auth']);

  const pt = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: ['auth'] });
  const ex = await client.itemPublicTokenExchange({ public_token: pt.data.public_token });
  const access_token = ex.data.access_token;
  assert.match(access_token, /^access-sandbox-/);
  assert.equal(ex.data.item_id.length, 37);

  const accounts = await client.accountsGet({ access_token });
  assert.equal(accounts.data.accounts.length, 12);
  assert.equal(accounts.data.accounts[0].name, 'Plaid Checking');

  const bal = await client.accountsBalanceGet({ access_token });
  assert.equal(bal.data.accounts[0].balances.available, 100);
  assert.equal(bal.data.accounts[0].balances.limit, null);

  const auth = await client.authGet({ access_token });
  assert.equal(auth.data.numbers.ach[0].account, '1111222233330000');
  assert.deepEqual(auth.data.numbers.bacs, []);

  const id = await client.identityGet({ access_token });
  assert.equal(id.data.accounts[0].owners[0].names[0], 'Alberta Bobbeth Charleson');

  const item = await client.itemGet({ access_token });
  assert.equal(item.data.item.error, null);

  await client.sandboxItemResetLogin({ access_token });
  await assert.rejects(client.accountsGet({ access_token }), (err) => {
    assert.equal(err.response.status, 400);
    assert.equal(err.response.data.error_code, 'ITEM_LOGIN_REQUIRED');
    assert.equal(err.response.data.error_type, 'ITEM_ERROR');
    assert.equal(err.response.data.request_id.length, 15);
    return true;
  });
  const after = await client.itemGet({ access_token });
  assert.equal(after.data.item.error.error_code, 'ITEM_LOGIN_REQUIRED');
});

test('errors come back as Plaid error objects', async () => {
  await assert.rejects(client.itemPublicTokenExchange({ public_token: 'public-sandbox-nope' }), (err) => {
    assert.equal(err.response.data.error_code, 'INVALID_PUBLIC_TOKEN');
    return true;
  });
});

test('a full /transactions/sync through plaid-node', async () => {
  const pt = await client.sandboxPublicTokenCreate({
    institution_id: 'ins_109508', initial_products: ['transactions'],
    options: { override_username: 'user_transactions_dynamic', override_password: 'any' },
  });
  const { access_token } = (await client.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
  const first = (await client.transactionsSync({ access_token })).data;
  if (first.transactions_update_status === 'NOT_READY') {
    assert.equal(first.next_cursor, '');
    assert.deepEqual(first.added, []);
    await untilReady(access_token);
  }
  const rows = new Map();
  let cursor = '';
  for (;;) {
    const { data } = await client.transactionsSync({ access_token, cursor, count: 30 });
    for (const t of data.added) rows.set(t.transaction_id, t);
    for (const t of data.modified) rows.set(t.transaction_id, t);
    for (const r of data.removed) rows.delete(r.transaction_id);
    assert.ok(Array.isArray(data.accounts) && data.accounts.length === 2);
    cursor = data.next_cursor;
    if (!data.has_more) break;
  }
  assert.ok(rows.size >= 100, `only ${rows.size} rows`);
  for (const t of rows.values()) {
    for (const k of ['transaction_id', 'account_id', 'amount', 'date', 'name', 'pending', 'payment_channel',
      'payment_meta', 'location', 'authorized_date', 'personal_finance_category', 'transaction_code']) {
      assert.ok(k in t, `row lacks ${k}`);
    }
    assert.match(t.personal_finance_category_icon_url, /^https:\/\/plaid-category-icons\.plaid\.com\/PFC_[A-Z_]+\.png$/);
  }
  const got = await client.transactionsGet({ access_token, start_date: '2000-01-01', end_date: '2100-01-01', options: { count: 500 } });
  assert.equal(got.data.total_transactions, rows.size);
});

test('/categories/get lists the whole legacy taxonomy', async () => {
  const { data } = await client.categoriesGet({});
  assert.equal(data.categories.length, 602);
  const byId = new Map(data.categories.map((c) => [c.category_id, c]));
  assert.deepEqual(byId.get('13005043').hierarchy, ['Food and Drink', 'Restaurants', 'Coffee Shop']);
  assert.equal(byId.get('13005043').group, 'place');
  assert.equal(byId.get('21010001').group, 'special');
});

test('the other products through plaid-node', async () => {
  const pt = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508',
    initial_products: ['transactions', 'liabilities', 'investments', 'statements'] });
  const { data: ex } = await client.itemPublicTokenExchange({ public_token: pt.data.public_token });
  let access_token = ex.access_token;
  await untilReady(access_token);

  const rec = await client.transactionsRecurringGet({ access_token });
  assert.ok(rec.data.outflow_streams.some((s) => s.description === 'United Airlines' && s.frequency === 'MONTHLY'));

  const liab = await client.liabilitiesGet({ access_token });
  assert.equal(liab.data.liabilities.mortgage[0].interest_rate.percentage, 3.99);

  const hold = await client.investmentsHoldingsGet({ access_token });
  assert.equal(hold.data.holdings.length, 8);
  const itx = await client.investmentsTransactionsGet({ access_token, start_date: '2000-01-01', end_date: '2100-01-01' });
  assert.equal(itx.data.total_investment_transactions, 8);

  const checking = hold.data.accounts.find((a) => a.name === 'Plaid Checking').account_id;
  const match = await client.identityMatch({ access_token, user: { legal_name: 'Alberta Bobbeth Charleson' } });
  assert.equal(match.data.accounts[0].legal_name.score, 100);

  const sig = await client.signalEvaluate({ access_token, account_id: checking, client_transaction_id: 'node-1', amount: 10 });
  assert.equal(sig.data.scores.bank_initiated_return_risk.score, 11);

  const st = await client.statementsList({ access_token });
  const id = st.data.accounts[0].statements[0].statement_id;
  const pdf = await client.statementsDownload({ access_token, statement_id: id }, { responseType: 'arraybuffer' });
  assert.equal(Buffer.from(pdf.data).subarray(0, 5).toString(), '%PDF-');

  const inv = await client.itemAccessTokenInvalidate({ access_token });
  assert.notEqual(inv.data.new_access_token, access_token);
  await assert.rejects(client.itemGet({ access_token }), (err) => err.response.data.error_code === 'INVALID_ACCESS_TOKEN');
  access_token = inv.data.new_access_token;
  assert.equal((await client.itemGet({ access_token })).data.item.item_id, ex.item_id);
});
