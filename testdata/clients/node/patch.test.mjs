// A frontend developer shapes an answer through a scenario's patch (JSON
// Patch on the real answer), seen through the official plaid-node client.
// A Go test (emulator/node_test.go) starts the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, PlaidApi } from 'plaid';

const basePath = process.env.PLAID_EMULATOR_URL;
assert.ok(basePath, 'PLAID_EMULATOR_URL must be set');
const client = new PlaidApi(new Configuration({
  basePath,
  baseOptions: { headers: { 'PLAID-CLIENT-ID': 'patch_client', 'PLAID-SECRET': 'patch_secret' } },
}));
const admin = (path, body) => fetch(basePath + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  .then(async (r) => ({ status: r.status, body: await r.json() }));

test('a patch shapes the answer: $0 available on the first account, no merchant on the first transaction', async () => {
  const { data: pt } = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: ['transactions'] });
  const { data: ex } = await client.itemPublicTokenExchange({ public_token: pt.public_token });
  const loaded = await admin('/_emulator/scenarios?activate=true', { scenarios: [
    { name: 'empty-checking', rules: [{ match: { paths: ['/accounts/balance/get'] },
      effect: { patch: [{ op: 'replace', path: '/accounts/0/balances/available', value: 0 }] } }] },
    { name: 'no-merchant', rules: [{ match: { paths: ['/transactions/get'] },
      effect: { patch: [{ op: 'replace', path: '/transactions/0/merchant_name', value: null }] } }] },
  ] });
  assert.equal(loaded.status, 200, JSON.stringify(loaded.body));

  const bal = await client.accountsBalanceGet({ access_token: ex.access_token });
  assert.equal(bal.data.accounts[0].balances.available, 0);
  assert.equal(bal.headers['plaid-emulator-patch'], 'applied');
  assert.ok(bal.data.accounts[1].balances.available > 0, 'only the first account changes');

  const tx = await client.transactionsGet({ access_token: ex.access_token, start_date: '2000-01-01', end_date: '2100-01-01' });
  assert.equal(tx.data.transactions[0].merchant_name, null);

  const bad = await admin('/_emulator/scenarios', { scenarios: [{ name: 'bad', rules: [{ match: {}, effect: { patch: [{ op: 'rename', path: 'x' }] } }] }] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.problems.join('\n'), /effect\.patch\[0\].*op "rename"/);
});
